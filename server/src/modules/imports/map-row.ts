import { type ImportSettings, normalizeDomain } from "@rapport/core";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { CreateContactInput } from "../contacts/contact.service.ts";
import type { CustomFieldRow } from "../custom-fields/custom-field.store.ts";

/**
 * A row read through the mapping: the record to write, the company it links to by name or domain (a
 * contact's company, a company's parent), and its match value.
 */
export type MappedRecord<Input = Record<string, unknown>> = {
  input: Input;
  companyName: string | null;
  companyDomain: string | null;
  /** The value of the `matchBy` field, lower-cased for email and name; null when the row has none. */
  matchValue: string | null;
};
export type MappedContact = MappedRecord<CreateContactInput>;

/** What mapping a row gives: the record, or the problems of its cells. */
export type MapRow = (
  headers: string[],
  cells: string[],
  settings: ImportSettings,
  customFields: Map<string, CustomFieldRow>,
) => { mapped: MappedRecord; errors: string[] };

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A date written in the file's format, as YYYY-MM-DD; null when it is not one. */
export function parseDate(value: string, format: ImportSettings["dateFormat"]): string | null {
  const v = value.trim();
  let y: number;
  let m: number;
  let d: number;
  const parts = v.split(/[-/.]/).map((p) => Number(p));
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) {
    // Exports often write a date with a time after it (2024-01-31 00:00:00 or an ISO timestamp).
    const iso = /^(\d{4})-(\d{2})-(\d{2})[T ]/.exec(v);
    if (!iso) return null;
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (format === "YYYY-MM-DD") [y, m, d] = parts as [number, number, number];
  else if (format === "MM/DD/YYYY") [m, d, y] = parts as [number, number, number];
  else [d, m, y] = parts as [number, number, number];
  if (y < 100) y += y < 50 ? 2000 : 1900;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "Dr. Ada M. Lovelace" → first "Ada M.", last "Lovelace"; "Lovelace, Ada" → first "Ada", last "Lovelace". */
export function splitFullName(full: string): { firstName: string | null; lastName: string | null } {
  const name = full.trim().replace(/\s+/g, " ");
  if (!name) return { firstName: null, lastName: null };
  if (name.includes(",")) {
    const [last, first] = name.split(",", 2).map((s) => s.trim());
    return { firstName: first || null, lastName: last || null };
  }
  const words = name.split(" ").filter((w) => !/^(mr|mrs|ms|dr|prof)\.?$/i.test(w));
  if (words.length === 1) return { firstName: words[0]!, lastName: null };
  return { firstName: words.slice(0, -1).join(" "), lastName: words.at(-1)! };
}

/** A website or email written any way (https://www.Acme.com/about) as its domain (acme.com). */
export function domainOf(value: string): string | null {
  const v = value.trim();
  return normalizeDomain(v.includes("@") ? v.split("@").pop()! : v) ?? null;
}

/** A phone as written, or in international form when it has no country code and one is set. */
export function formatPhone(raw: string, settings: ImportSettings): string {
  const country = settings.phoneCountry as CountryCode | null;
  const parsed = country && !raw.startsWith("+") ? parsePhoneNumberFromString(raw, country) : undefined;
  return parsed?.isPossible() ? parsed.formatInternational() : raw;
}

/** Tags as exports write them: separated by `;`, `,` or Google's ` ::: `, with its `* ` marks dropped. */
export const splitTags = (raw: string) =>
  raw
    .split(/\s*(?:;|,|:::)\s*/)
    .filter(Boolean)
    .map((t) => t.replace(/^\*\s*/, ""));

/** A custom field's value read from its cell; one that does not read stays as written for the service to refuse. */
function customValue(def: CustomFieldRow | undefined, raw: string, settings: ImportSettings) {
  switch (def?.type) {
    case "number":
    case "currency": {
      const n = Number(raw.replace(/\s/g, "").replace(",", "."));
      return Number.isFinite(n) ? n : raw;
    }
    case "boolean":
      return /^(true|yes|y|1|x)$/i.test(raw) ? true : /^(false|no|n|0)$/i.test(raw) ? false : raw;
    case "date":
      return parseDate(raw, settings.dateFormat) ?? raw;
    case "multi_select":
      return raw
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

/** Reads a cell mapped to `custom.<key>` into `custom`; any other target is an unknown field. */
export function customCell(cell: {
  header: string;
  target: string;
  raw: string;
  settings: ImportSettings;
  customFields: Map<string, CustomFieldRow>;
  custom: Record<string, unknown>;
  errors: string[];
}) {
  const { header, target, errors } = cell;
  if (!target.startsWith("custom.")) {
    errors.push(`${header}: unknown field '${target}'`);
    return;
  }
  const key = target.slice("custom.".length);
  const def = cell.customFields.get(key);
  if (!def) errors.push(`${header}: there is no custom field '${key}'`);
  else cell.custom[key] = customValue(def, cell.raw, cell.settings);
}

/** The match value of a custom field (an external id) `custom.<key>`, as text. */
export function customMatchValue(matchBy: string | null, custom: Record<string, unknown>): string | null {
  if (!matchBy?.startsWith("custom.")) return null;
  const v = custom[matchBy.slice("custom.".length)];
  return v === undefined || v === null ? null : String(v);
}

/**
 * Reads one CSV row through the mapping and transforms (name split, the file's date format, the
 * phone country). Errors name the column and say what to fix; the service checks the rest
 * (custom field values, lifecycle stages) when it writes.
 */
export function mapContactRow(
  headers: string[],
  cells: string[],
  settings: ImportSettings,
  customFields: Map<string, CustomFieldRow>,
): { mapped: MappedContact; errors: string[] } {
  const errors: string[] = [];
  const input: CreateContactInput = {};
  const emails: { value: string; label: string | null; primary: boolean }[] = [];
  const phones: { value: string; label: string | null; primary: boolean }[] = [];
  const address: Record<string, string> = {};
  const custom: Record<string, unknown> = {};
  let fullName: string | null = null;
  let companyName: string | null = null;
  let companyDomain: string | null = null;
  const tags: string[] = [];
  for (const { column, target, label } of settings.mapping) {
    const raw = (cells[column] ?? "").trim();
    if (!target || !raw) continue;
    const header = headers[column] ?? `column ${column + 1}`;
    switch (target) {
      case "firstName":
      case "lastName":
      case "jobTitle":
      case "leadSource":
      case "description":
        input[target] = raw;
        break;
      case "lifecycleStage":
        input.lifecycleStage = raw.toLowerCase().replace(/\s+/g, "_");
        break;
      case "fullName":
        fullName = raw;
        break;
      case "email":
        for (const value of raw.split(/[;,\s]+/).filter(Boolean)) {
          if (!email.test(value)) errors.push(`${header}: '${value}' is not an email address`);
          else emails.push({ value, label, primary: false });
        }
        break;
      case "phone":
        phones.push({ value: formatPhone(raw, settings), label, primary: false });
        break;
      case "companyName":
        companyName = raw;
        break;
      case "companyDomain":
        companyDomain = domainOf(raw);
        if (!companyDomain) errors.push(`${header}: '${raw}' is not a web address or domain`);
        break;
      case "birthday": {
        const date = parseDate(raw, settings.dateFormat);
        if (date) input.birthday = date;
        else errors.push(`${header}: '${raw}' is not a date in the format ${settings.dateFormat}`);
        break;
      }
      case "street":
      case "city":
      case "region":
      case "postalCode":
      case "country":
        address[target] = address[target] ? `${address[target]}, ${raw}` : raw;
        break;
      case "tags":
        tags.push(...splitTags(raw));
        break;
      default:
        customCell({ header, target, raw, settings, customFields, custom, errors });
    }
  }
  if (fullName && input.firstName === undefined && input.lastName === undefined) {
    const split = splitFullName(fullName);
    input.firstName = split.firstName;
    input.lastName = split.lastName;
  }
  if (emails.length > 0) input.emails = emails.map((e, i) => ({ ...e, primary: i === 0 })).slice(0, 20);
  if (phones.length > 0) input.phones = phones.map((p, i) => ({ ...p, primary: i === 0 })).slice(0, 20);
  if (Object.keys(address).length > 0) input.address = address;
  if (tags.length > 0) input.tags = [...new Set(tags)].slice(0, 100);
  if (Object.keys(custom).length > 0) input.custom = custom;
  if (!input.firstName && !input.lastName && emails.length === 0 && phones.length === 0) {
    errors.push("The row has no name, email or phone");
  }
  const matchValue =
    settings.matchBy === "email"
      ? (input.emails?.[0]?.value.toLowerCase() ?? null)
      : customMatchValue(settings.matchBy, custom);
  return { mapped: { input, companyName, companyDomain, matchValue }, errors };
}
