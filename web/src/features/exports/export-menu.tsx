import { Button, Menu } from "@mantine/core";
import type { ExportFormat, ExportObject, Filter } from "@rapport/core";
import { IconDownload } from "@tabler/icons-react";
import { exportsText as text } from "./text.ts";

/** Table columns whose record property has another name. */
const PROPERTY_OF_COLUMN: Record<string, string> = { stage: "stageId", pipeline: "pipelineId" };

/**
 * The download link of an export: the table's filter, sort and columns go to the server, which
 * streams the file, so any number of rows downloads without the browser holding them.
 */
export function exportUrl(
  object: ExportObject,
  format: ExportFormat,
  query: { filter: Filter | null; sort: string; columns: string[] },
): string {
  const params = new URLSearchParams({ format });
  if (query.filter) params.set("filter", JSON.stringify(query.filter));
  if (query.sort) params.set("sort", query.sort);
  // vCard has its own fields; csv and json keep the table's columns.
  if (format !== "vcf" && query.columns.length) {
    params.set("fields", query.columns.map((c) => PROPERTY_OF_COLUMN[c] ?? c).join(","));
  }
  return `/api/v1/${object}/export?${params.toString()}`;
}

/** The Export menu of a table: CSV, JSON, and vCard for contacts. */
export function ExportMenu({
  object,
  noun,
  filter,
  sort,
  columns,
}: {
  object: ExportObject;
  noun: string;
  filter: Filter | null;
  sort: string;
  columns: string[];
}) {
  const formats: ExportFormat[] = object === "contacts" ? ["csv", "json", "vcf"] : ["csv", "json"];
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <Button
          size="sm"
          variant="default"
          leftSection={<IconDownload size={16} />}
          aria-label={text.menuLabel(noun)}
        >
          {text.menu}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{text.hint}</Menu.Label>
        {formats.map((format) => (
          <Menu.Item
            key={format}
            component="a"
            href={exportUrl(object, format, { filter, sort, columns })}
            download
          >
            {text[format]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
