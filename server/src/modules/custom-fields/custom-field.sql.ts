import type { FieldType } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import type { SqlField } from "../../platform/filter/compile.ts";
import type { SortableField } from "../../platform/records/list.ts";
import type { CustomFieldRow } from "./custom-field.store.ts";

const FILTER_TYPE: Record<string, FieldType> = {
  text: "text",
  long_text: "text",
  url: "text",
  email: "text",
  phone: "text",
  number: "number",
  currency: "money",
  date: "date",
  datetime: "datetime",
  boolean: "boolean",
  single_select: "enum",
  multi_select: "text_list",
  user: "user",
  record_link: "uuid",
};

/** The typed SQL expression of a custom value (values are validated on write, so casts cannot fail). */
function expression(def: CustomFieldRow, custom: SQL): SQL {
  const text = sql`(${custom} ->> ${def.key})`;
  switch (def.type) {
    case "number":
    case "currency":
      return sql`(${text})::numeric`;
    case "date":
      return sql`(${text})::date`;
    case "datetime":
      return sql`(${text})::timestamptz`;
    case "boolean":
      return sql`(${text})::boolean`;
    case "user":
    case "record_link":
      return sql`(${text})::uuid`;
    case "multi_select":
      return sql`(case when ${custom} ? ${def.key} then array(select jsonb_array_elements_text(${custom} -> ${def.key})) end)`;
    default:
      return text;
  }
}

export function customSqlField(def: CustomFieldRow, custom: SQL): SqlField {
  const type = FILTER_TYPE[def.type] ?? "text";
  return {
    type,
    sql: expression(def, custom),
    ...(type === "enum" || type === "text_list" ? { options: def.options.map((o) => o.value) } : {}),
  };
}

/** Custom fields sort like built-in ones, except multi-selects which have no order. */
export function customSortable(defs: CustomFieldRow[], custom: SQL): Record<string, SortableField> {
  const sortable: Record<string, SortableField> = {};
  for (const def of defs) {
    if (def.type === "multi_select") continue;
    const field = customSqlField(def, custom);
    const type =
      field.type === "money"
        ? "number"
        : field.type === "user"
          ? "uuid"
          : field.type === "enum"
            ? "text"
            : field.type;
    sortable[`custom.${def.key}`] = { sql: field.sql, type: type as SortableField["type"] };
  }
  return sortable;
}
