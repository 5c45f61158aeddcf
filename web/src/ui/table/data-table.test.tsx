import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../app/api.ts";
import { renderUi } from "../../test/render.tsx";
import { DataTable } from "./data-table.tsx";
import type { SortKey } from "./sort.ts";
import type { ColumnDef, ColumnLayout } from "./types.ts";

type Person = { id: string; version: number; name: string; city: string | null; age: number };

const people: Person[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`,
  version: 1,
  name: `Person ${i}`,
  city: i % 2 ? "Paris" : null,
  age: 20 + i,
}));

const columns: ColumnDef<Person>[] = [
  {
    key: "name",
    label: "Name",
    width: 200,
    sortField: "name",
    render: (p) => p.name,
    href: (p) => `/people/${p.id}`,
  },
  {
    key: "city",
    label: "City",
    width: 150,
    sortField: "city",
    render: (p) => p.city ?? "—",
    edit: { kind: "text", read: (p) => p.city, patch: (v) => ({ city: v }) },
  },
  { key: "age", label: "Age", width: 80, render: (p) => String(p.age), align: "right" },
];

type Overrides = Partial<{
  rows: Person[];
  hasMore: boolean;
  onLoadMore: () => void;
  onCellEdit: (row: Person, patch: object) => Promise<void>;
  cards: boolean;
}>;
type State = { sort: SortKey[]; selected: Set<string>; layout: ColumnLayout[] };

function Harness({
  overrides,
  state,
  onOpen,
}: {
  overrides: Overrides;
  state: State;
  onOpen: (href: string) => void;
}) {
  const [sort, setSort] = useState<SortKey[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [layout, setLayout] = useState<ColumnLayout[]>([{ key: "name" }, { key: "city" }, { key: "age" }]);
  Object.assign(state, { sort, selected, layout });
  return (
    <DataTable<Person>
      label="People"
      columns={columns}
      layout={layout}
      onLayoutChange={setLayout}
      sort={sort}
      onSortChange={setSort}
      rows={overrides.rows ?? people}
      total={overrides.rows?.length ?? 1234}
      hasMore={overrides.hasMore ?? false}
      loading={false}
      loadingMore={false}
      onLoadMore={overrides.onLoadMore ?? (() => {})}
      onReload={() => {}}
      selected={selected}
      onSelectedChange={setSelected}
      {...(overrides.onCellEdit ? { onCellEdit: overrides.onCellEdit } : {})}
      onOpen={onOpen}
      rowName={(p) => p.name}
      cards={overrides.cards ?? false}
    />
  );
}

function setup(overrides: Overrides = {}) {
  const state: State = { sort: [], selected: new Set(), layout: [] };
  const onOpen = vi.fn();
  renderUi(<Harness overrides={overrides} state={state} onOpen={onOpen} />);
  return { state, onOpen };
}

describe("DataTable", () => {
  it("renders only the rows near the viewport, with links and the record count", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...people[0]!, id: `m${i}`, name: `Many ${i}` }));
    setup({ rows: many });
    const grid = screen.getByRole("grid", { name: "People" });
    const rendered = within(grid).getAllByRole("row").length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    expect(screen.getByRole("link", { name: "Many 0" }).getAttribute("href")).toBe("/people/m0");
    expect(screen.getByTestId("record-count").textContent).toBe("5,000 records");
  });

  it("asks for the next page when the viewport nears the end of the loaded rows", () => {
    const onLoadMore = vi.fn();
    setup({ rows: people.slice(0, 10), hasMore: true, onLoadMore });
    expect(onLoadMore).toHaveBeenCalled();
    expect(screen.getByText("Loading more…")).toBeTruthy();
  });

  it("sorts by a column on click and adds keys on shift-click", async () => {
    const { state } = setup();
    await userEvent.click(screen.getByRole("button", { name: "Name" }));
    expect(state.sort).toEqual([{ field: "name", desc: false }]);
    expect(screen.getAllByRole("columnheader")[1]!.getAttribute("aria-sort")).toBe("ascending");
    await userEvent.click(screen.getByRole("button", { name: "Name" }));
    expect(state.sort).toEqual([{ field: "name", desc: true }]);
    fireEvent.click(screen.getByRole("button", { name: "City" }), { shiftKey: true });
    await waitFor(() =>
      expect(state.sort).toEqual([
        { field: "name", desc: true },
        { field: "city", desc: false },
      ]),
    );
    // A column without a sort field is not a sort button.
    expect(screen.queryByRole("button", { name: "Age" })).toBeNull();
  });

  it("selects rows one by one and all at once", async () => {
    const { state } = setup();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Person 1" }));
    expect([...state.selected]).toEqual(["p1"]);
    expect(screen.getByTestId("record-count").textContent).toContain("1 selected");
    await userEvent.click(screen.getByRole("checkbox", { name: "Select all loaded rows" }));
    expect(state.selected.size).toBe(30);
    await userEvent.click(screen.getByRole("checkbox", { name: "Select all loaded rows" }));
    expect(state.selected.size).toBe(0);
  });

  it("resizes a column with the keyboard", () => {
    const { state } = setup();
    const handle = screen.getByRole("separator", { name: "Resize column City" });
    fireEvent.keyDown(handle, { key: "ArrowRight" });
    expect(state.layout.find((l) => l.key === "city")?.width).toBe(160);
  });

  it("edits a cell in place, shows the API's message at the cell, and a conflict clearly", async () => {
    const onCellEdit = vi
      .fn<(row: Person, patch: object) => Promise<void>>()
      .mockRejectedValueOnce(
        new ApiError({
          type: "about:blank",
          title: "Invalid",
          status: 400,
          detail: "Fix these fields",
          code: "validation_failed",
          errors: [{ path: "city", message: "Too long for a city" }],
        }),
      )
      .mockRejectedValueOnce(
        new ApiError({
          type: "about:blank",
          title: "Changed",
          status: 412,
          detail: "x",
          code: "precondition_failed",
        }),
      )
      .mockResolvedValueOnce(undefined);
    setup({ onCellEdit });
    const cell = screen.getAllByRole("gridcell").find((c) => c.dataset.cell === "0:2")!;
    fireEvent.doubleClick(cell);
    const input = screen.getByRole("textbox", { name: "Edit City" });
    await userEvent.type(input, "Lyon{Enter}");
    expect(onCellEdit).toHaveBeenLastCalledWith(people[0], { city: "Lyon" });
    expect((await screen.findByRole("alert")).textContent).toBe("Too long for a city");

    await userEvent.type(screen.getByRole("textbox", { name: "Edit City" }), "{Enter}");
    expect((await screen.findByRole("alert")).textContent).toMatch(/Someone else changed this record/);

    await userEvent.type(screen.getByRole("textbox", { name: "Edit City" }), "{Enter}");
    await waitFor(() => expect(screen.queryByRole("textbox", { name: "Edit City" })).toBeNull());
    expect(onCellEdit).toHaveBeenCalledTimes(3);
  });

  it("moves the active cell with the arrow keys, edits with Enter and cancels with Escape", async () => {
    const onCellEdit = vi.fn(async () => {});
    const { onOpen } = setup({ onCellEdit });
    const first = screen.getAllByRole("gridcell").find((c) => c.dataset.cell === "0:1")!;
    first.focus();
    fireEvent.keyDown(first, { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith("/people/p0");
    fireEvent.keyDown(first, { key: "ArrowRight" });
    fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-cell")).toBe("1:2"));
    fireEvent.keyDown(document.activeElement!, { key: "Enter" });
    const input = screen.getByRole("textbox", { name: "Edit City" }) as HTMLInputElement;
    expect(input.value).toBe("Paris");
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: "Edit City" })).toBeNull();
    expect(onCellEdit).not.toHaveBeenCalled();
  });

  it("shows cards on a phone, still selectable and editable", async () => {
    const onCellEdit = vi.fn(async () => {});
    const { state } = setup({ cards: true, onCellEdit });
    const list = screen.getByRole("list", { name: "People" });
    expect(within(list).getAllByRole("listitem").length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Person 0" }));
    expect([...state.selected]).toEqual(["p0"]);
    await userEvent.click(screen.getAllByRole("button", { name: /^Edit City/ })[0]!);
    await userEvent.type(screen.getByRole("textbox", { name: "Edit City" }), "Nice{Enter}");
    expect(onCellEdit).toHaveBeenCalledWith(people[0], { city: "Nice" });
  });
});
