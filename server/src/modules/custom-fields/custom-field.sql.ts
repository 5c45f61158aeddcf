import type { Condition, FieldType } from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { fieldKeys } from "../../platform/crypto/field-keys.ts";
import { macInput } from "../../platform/crypto/sealed-values.ts";
import { AppError } from "../../platform/errors.ts";
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

/**
 * A sensitive field is stored sealed: only `eq` can be answered, by comparing the keyed hash of the
 * value asked for with the one stored beside each value.
 */
function sensitiveCondition(def: CustomFieldRow, custom: SQL, condition: Condition): SQL {
  if (condition.op !== "eq" || condition.value === null || condition.value === undefined) {
    throw new AppError(
      "validation_failed",
      `'${condition.field}' is a sensitive field: its values are encrypted, so it can only be filtered with eq and a value.`,
      {
        errors: [{ path: "filter", message: `${condition.field}: only eq is possible on a sensitive field` }],
      },
    );
  }
  let value = condition.value as unknown;
  if (def.type === "email" && typeof value === "string") value = value.toLowerCase();
  if (def.type === "datetime" && typeof value === "string" && !Number.isNaN(Date.parse(value))) {
    value = new Date(value).toISOString();
  }
  const macs = fieldKeys().macs(macInput(value));
  return sql`((${custom} -> ${def.key} ->> '$mac') in (${sql.join(
    macs.map((m) => sql`${m}`),
    sql`, `,
  )}))`;
}

export function customSqlField(def: CustomFieldRow, custom: SQL): SqlField {
  const type = FILTER_TYPE[def.type] ?? "text";
  if (def.sensitive) {
    return {
      type,
      sql: sql`(${custom} -> ${def.key} ->> '$mac')`,
      compile: (condition) => sensitiveCondition(def, custom, condition),
    };
  }
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
    // Multi-selects have no order; sealed values have none that means anything.
    if (def.type === "multi_select" || def.sensitive) continue;
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
