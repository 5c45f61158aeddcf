import type { FieldError } from "@rapport/core";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { sealUnlessSame } from "../../platform/crypto/sealed-values.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { findMembership } from "../workspaces/workspace.store.ts";
import type { CustomFieldRow } from "./custom-field.store.ts";
import { valueTaken } from "./custom-field.store.ts";

const email = z.email();
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** Checks one value against its definition's type; returns the value to store or an error message. */
function checkType(
  def: CustomFieldRow,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const options = def.options.map((o) => o.value);
  switch (def.type) {
    case "text":
    case "long_text": {
      const max = def.type === "text" ? 1000 : 20_000;
      if (typeof value !== "string") return { ok: false, message: "Expected text" };
      if (value.length > max) return { ok: false, message: `At most ${max} characters` };
      return { ok: true, value };
    }
    case "number":
    case "currency":
      if (typeof value !== "number" || !Number.isFinite(value))
        return { ok: false, message: "Expected a number" };
      return { ok: true, value };
    case "boolean":
      return typeof value === "boolean"
        ? { ok: true, value }
        : { ok: false, message: "Expected true or false" };
    case "date":
      return isoDate.safeParse(value).success
        ? { ok: true, value }
        : { ok: false, message: "Expected a date like 2026-12-31" };
    case "datetime": {
      if (!isoDateTime.safeParse(value).success)
        return { ok: false, message: "Expected a date-time like 2026-12-31T09:30:00Z" };
      return { ok: true, value: new Date(value as string).toISOString() };
    }
    case "single_select":
      return typeof value === "string" && options.includes(value)
        ? { ok: true, value }
        : { ok: false, message: `Expected one of: ${options.join(", ")}` };
    case "multi_select": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || !options.includes(v))) {
        return { ok: false, message: `Expected a list of: ${options.join(", ")}` };
      }
      return { ok: true, value: [...new Set(value)] };
    }
    case "url": {
      if (typeof value !== "string") return { ok: false, message: "Expected a URL" };
      try {
        const url = new URL(value);
        if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
        return { ok: true, value };
      } catch {
        return { ok: false, message: "Expected an http(s) URL such as https://example.com" };
      }
    }
    case "email":
      return email.safeParse(value).success
        ? { ok: true, value: (value as string).toLowerCase() }
        : { ok: false, message: "Expected an email address" };
    case "phone":
      return typeof value === "string" && /^\+?[0-9 ()./-]{3,40}$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: "Expected a phone number such as +44 20 7946 0958" };
    case "user":
    case "record_link":
      return z.uuid().safeParse(value).success
        ? { ok: true, value }
        : { ok: false, message: "Expected an id" };
    default:
      return { ok: false, message: `Unsupported field type ${def.type}` };
  }
}

/**
 * Validates the `custom` part of a write against the object's definitions and merges it into the
 * record's current values. `null` removes a value. Errors name `custom.<key>`.
 */
export async function validateCustomValues(
  db: Db,
  ctx: { workspaceId: string; table: string; recordId: string | null },
  defs: CustomFieldRow[],
  input: Record<string, unknown> | undefined,
  current: Record<string, unknown> | null,
): Promise<{ values: Record<string, unknown>; errors: FieldError[] }> {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const values: Record<string, unknown> = { ...(current ?? {}) };
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    const path = `custom.${key}`;
    if (!def) {
      const known = defs.map((d) => d.key).join(", ") || "none defined yet";
      errors.push({ path, message: `No custom field '${key}' on ${ctx.table} (custom fields: ${known})` });
      continue;
    }
    if (raw === null || raw === "" || (Array.isArray(raw) && raw.length === 0)) {
      if (def.required) errors.push({ path, message: `${def.label} is required` });
      delete values[key];
      continue;
    }
    const checked = checkType(def, raw);
    if (!checked.ok) {
      errors.push({ path, message: checked.message });
      continue;
    }
    if (def.type === "user" && !(await findMembership(db, ctx.workspaceId, checked.value as string))) {
      errors.push({ path, message: "No member of this workspace has that id" });
      continue;
    }
    if (
      def.type === "record_link" &&
      def.target &&
      !(await recordExists(db, def.target, ctx.workspaceId, checked.value as string))
    ) {
      errors.push({ path, message: `No ${def.target.replace(/s$/, "")} with that id in this workspace` });
      continue;
    }
    if (
      def.isUnique &&
      (await valueTaken(db, ctx.table, ctx.workspaceId, key, checked.value, ctx.recordId ?? undefined))
    ) {
      errors.push({ path, message: `Another record already has this ${def.label}` });
      continue;
    }
    // A sensitive value is stored sealed; the same value keeps its seal, so no change is recorded.
    values[key] = def.sensitive ? sealUnlessSame(checked.value, current?.[key]) : checked.value;
  }
  if (current === null) {
    for (const def of defs) {
      if (
        def.required &&
        values[def.key] === undefined &&
        !errors.some((e) => e.path === `custom.${def.key}`)
      ) {
        errors.push({ path: `custom.${def.key}`, message: `${def.label} is required` });
      }
    }
  }
  return { values, errors };
}

async function recordExists(db: Db, table: string, workspaceId: string, id: string) {
  const rows = await queryRows(
    db,
    sql`select 1 from ${sql.identifier(table)} where workspace_id = ${workspaceId} and id = ${id} and deleted_at is null`,
  );
  return rows.length > 0;
}
