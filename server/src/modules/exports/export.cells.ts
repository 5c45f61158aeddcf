/** A column of an export: its header and how a record's value is read. */
export type ExportColumn = { key: string; header: string; value(record: Record<string, unknown>): unknown };

/** Cells a spreadsheet would run as a formula: =, +, -, @ first, or a tab or carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * Defuses a text cell against formula injection (OWASP "CSV injection"): a leading apostrophe makes
 * Excel, LibreOffice and Google Sheets show it as text. Numbers such as "-12.5" stay as they are,
 * since a spreadsheet reads them as the number they are, not as a formula.
 */
export function neutralizeCell(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** A value as one CSV cell: lists joined with "; ", labeled values by their value, objects as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return neutralizeCell(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((item) =>
      item !== null && typeof item === "object" && "value" in item
        ? String((item as { value: unknown }).value)
        : typeof item === "object"
          ? JSON.stringify(item)
          : String(item),
    );
    return neutralizeCell(parts.join("; "));
  }
  return neutralizeCell(JSON.stringify(value));
}

/**
 * The columns of an object's export: the chosen properties (or every property of the record but
 * `custom`), then each custom field as its own column headed by its label.
 */
export function exportColumns(
  properties: string[],
  customFields: { key: string; label: string }[],
  fields: string[] | undefined,
): ExportColumn[] {
  const custom = (key: string, label: string): ExportColumn => ({
    key: `custom.${key}`,
    header: label,
    value: (r) => (r.custom as Record<string, unknown> | undefined)?.[key],
  });
  const plain = (key: string): ExportColumn => ({ key, header: key, value: (r) => r[key] });
  if (fields?.length) {
    const labels = new Map(customFields.map((f) => [f.key, f.label]));
    const chosen = ["id", ...fields.filter((f) => f !== "id")];
    return [...new Set(chosen)].map((f) =>
      f.startsWith("custom.") ? custom(f.slice(7), labels.get(f.slice(7)) ?? f) : plain(f),
    );
  }
  return [
    ...properties.filter((p) => p !== "custom").map(plain),
    ...customFields.map((f) => custom(f.key, f.label)),
  ];
}
