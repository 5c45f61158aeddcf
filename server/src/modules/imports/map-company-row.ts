import { type ImportSettings, normalizeDomain } from "@rapport/core";
import type { CreateCompanyInput } from "../companies/company.service.ts";
import type { CustomFieldRow } from "../custom-fields/custom-field.store.ts";
import { customCell, customMatchValue, formatPhone, type MappedRecord, splitTags } from "./map-row.ts";

export type MappedCompany = MappedRecord<Partial<CreateCompanyInput>>;

/**
 * A count or an amount written the way exports and spreadsheets write them: `1,200`, `1.200`,
 * `1 200`, `$1,234,567.89`, `1.234.567,89 €`. The last separator is the decimal one when the other
 * kind also appears, or when it is followed by other than three digits; otherwise it groups
 * thousands. Null when the cell is not a number.
 */
export function parseAmount(raw: string): number | null {
  // A currency symbol or code before or after the number is dropped; a suffix such as "k" is not read.
  const v = raw
    .replace(/[\s\u00a0\u202f']/g, "")
    .replace(/^(?:[A-Za-z]{3}|\p{Sc})+|(?:[A-Za-z]{3}|\p{Sc})+$/gu, "");
  if (!/^-?[\d.,]+$/.test(v) || !/\d/.test(v)) return null;
  const lastDot = v.lastIndexOf(".");
  const lastComma = v.lastIndexOf(",");
  const last = Math.max(lastDot, lastComma);
  let decimal: string | null = null;
  if (last >= 0) {
    const mark = v[last]!;
    const other = mark === "." ? "," : ".";
    const repeated = v.indexOf(mark) !== last;
    if (v.includes(other) || (!repeated && !/^\d{3}$/.test(v.slice(last + 1)))) decimal = mark;
  }
  const [whole, fraction] = decimal ? [v.slice(0, last), v.slice(last + 1)] : [v, ""];
  const n = Number(`${whole.replace(/[.,]/g, "")}${fraction ? `.${fraction}` : ""}`);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads one CSV row through the mapping as a company: websites as normalised domains (several
 * columns or a list in one cell add up), counts and amounts as numbers, the address, the parent
 * company by name or domain. Errors name the column; the company service checks the rest (a domain
 * another company has, custom field values) when it writes.
 */
export function mapCompanyRow(
  headers: string[],
  cells: string[],
  settings: ImportSettings,
  customFields: Map<string, CustomFieldRow>,
): { mapped: MappedCompany; errors: string[] } {
  const errors: string[] = [];
  const input: Partial<CreateCompanyInput> = {};
  const domains: string[] = [];
  const address: Record<string, string> = {};
  const custom: Record<string, unknown> = {};
  const tags: string[] = [];
  let parentName: string | null = null;
  let parentDomain: string | null = null;
  for (const { column, target } of settings.mapping) {
    const raw = (cells[column] ?? "").trim();
    if (!target || !raw) continue;
    const header = headers[column] ?? `column ${column + 1}`;
    switch (target) {
      case "name":
      case "industry":
      case "description":
        input[target] = raw;
        break;
      case "domain":
        for (const value of raw.split(/[;,\s]+/).filter(Boolean)) {
          const domain = normalizeDomain(value);
          if (domain) domains.push(domain);
          else errors.push(`${header}: '${value}' is not a web address or domain`);
        }
        break;
      case "employeeCount": {
        const n = parseAmount(raw);
        if (n !== null && Number.isInteger(n) && n >= 0) input.employeeCount = n;
        else errors.push(`${header}: '${raw}' is not a number of employees`);
        break;
      }
      case "annualRevenue": {
        const n = parseAmount(raw);
        if (n !== null) input.annualRevenue = n;
        else errors.push(`${header}: '${raw}' is not an amount`);
        break;
      }
      case "phone":
        input.phone = formatPhone(raw, settings);
        break;
      case "street":
      case "city":
      case "region":
      case "postalCode":
      case "country":
        address[target] = address[target] ? `${address[target]}, ${raw}` : raw;
        break;
      case "parentCompany":
        // A parent is named or given by its website; whichever finds a company links it.
        parentName = raw;
        parentDomain = normalizeDomain(raw) ?? null;
        break;
      case "tags":
        tags.push(...splitTags(raw));
        break;
      default:
        customCell({ header, target, raw, settings, customFields, custom, errors });
    }
  }
  if (domains.length > 0) input.domains = [...new Set(domains)].slice(0, 50);
  if (Object.keys(address).length > 0) input.address = address;
  if (tags.length > 0) input.tags = [...new Set(tags)].slice(0, 100);
  if (Object.keys(custom).length > 0) input.custom = custom;
  if (!input.name) errors.push("The row has no company name");
  const matchValue =
    settings.matchBy === "domain"
      ? (input.domains?.[0] ?? null)
      : settings.matchBy === "name"
        ? (input.name?.toLowerCase() ?? null)
        : customMatchValue(settings.matchBy, custom);
  return { mapped: { input, companyName: parentName, companyDomain: parentDomain, matchValue }, errors };
}
