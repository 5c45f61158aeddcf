import type { ReactNode } from "react";

/** A row of a record table: every record has an id and a version (for If-Match). */
export type TableRow = { id: string; version: number };

export type SelectOption = { value: string; label: string };

/** How a cell is edited in place, and the PATCH body its new value becomes. */
export type CellEditor<Row> =
  | { kind: "text" | "number" | "date"; read(row: Row): string | number | null; patch(value: string): object }
  | {
      kind: "select";
      options: SelectOption[];
      /** Offer an empty choice that clears the value. */
      clearable?: boolean;
      read(row: Row): string | null;
      patch(value: string): object;
    };

/** A column the table can show. */
export type ColumnDef<Row> = {
  key: string;
  label: string;
  /** Default width in CSS pixels. */
  width: number;
  /** The list endpoint's sort key, when the column can be sorted. */
  sortField?: string;
  /** The cell's content; plain text when it returns a string. */
  render(row: Row): ReactNode;
  /** The text of the cell, for the phone card's title and screen readers. */
  text?(row: Row): string;
  /** The record page a cell links to (the table's name column). */
  href?(row: Row): string;
  edit?: CellEditor<Row>;
  align?: "left" | "right";
};

/** A visible column and its width once resized. */
export type ColumnLayout = { key: string; width?: number };
