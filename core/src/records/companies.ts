import { z } from "zod";
import { Address, CustomValues, OptionalText, RecordMeta, TagList } from "./common.ts";
import { ContactDto } from "./contacts.ts";

/** Largest annual revenue accepted: within numeric(20,2) and exact as a JavaScript number. */
export const MAX_ANNUAL_REVENUE = 1e15;
const MAX_INT4 = 2_147_483_647;
const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A company domain as stored: the bare host name, lower-cased, in ASCII (punycode), without
 * scheme, `www.`, port, path or trailing dot — `https://www.Acme.com/about` → `acme.com`.
 * Undefined when the value is not a host name with a dot.
 */
export function normalizeDomain(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed || /\s/.test(trimmed)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  // `someone@acme.com` is an email address, not a domain.
  if (url.username || url.password) return undefined;
  let host = url.hostname;
  host = host.replace(/\.$/, "");
  if (host.startsWith("www.") && host.indexOf(".", 4) > 0) host = host.slice(4);
  const labels = host.split(".");
  if (labels.length < 2 || host.length > 253) return undefined;
  if (!labels.every((label) => HOSTNAME_LABEL.test(label))) return undefined;
  return TOP_LEVEL.test(labels.at(-1)!) ? host : undefined;
}

const companyFields = {
  domains: z.array(z.string().max(300)).max(50).optional(),
  industry: OptionalText(120).optional(),
  employeeCount: z.number().int().min(0).max(MAX_INT4).nullable().optional(),
  annualRevenue: z.number().min(0).max(MAX_ANNUAL_REVENUE).nullable().optional(),
  address: Address.nullable().optional(),
  phone: OptionalText(60).optional(),
  parentCompanyId: z.uuid().nullable().optional(),
  description: OptionalText(20_000).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: TagList.optional(),
  custom: CustomValues.optional(),
};
const name = z.string().trim().min(1, { message: "Give the company a name" }).max(300);

export const CreateCompanyBody = z.strictObject({ name, ...companyFields });
export type CreateCompanyBody = z.input<typeof CreateCompanyBody>;
export const UpdateCompanyBody = z.strictObject({ name: name.optional(), ...companyFields });
export type UpdateCompanyBody = z.input<typeof UpdateCompanyBody>;

export const CompanyDto = z.object({
  ...RecordMeta,
  name: z.string(),
  domains: z.array(z.string()).describe("Normalised host names, such as acme.com"),
  industry: z.string().nullable(),
  employeeCount: z.number().int().nullable(),
  annualRevenue: z.number().nullable(),
  address: ContactDto.shape.address,
  phone: z.string().nullable(),
  parentCompanyId: z.uuid().nullable(),
  description: z.string().nullable(),
});
export type CompanyDto = z.infer<typeof CompanyDto>;
