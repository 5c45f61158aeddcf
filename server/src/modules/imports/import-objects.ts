import {
  CreateCompanyBody,
  CreateContactBody,
  type FieldError,
  type IMPORT_TARGETS,
  type ImportObject,
} from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { bulkCreateCompanies } from "../companies/bulk-create-companies.ts";
import * as companies from "../companies/company.service.ts";
import { bulkCreateContacts } from "../contacts/bulk-create-contacts.ts";
import * as contacts from "../contacts/contact.service.ts";
import type { CustomFieldRow } from "../custom-fields/custom-field.store.ts";
import * as store from "./import.store.ts";
import { mapCompanyRow } from "./map-company-row.ts";
import { type MapRow, mapContactRow } from "./map-row.ts";

/**
 * What importing into one object needs: how a row maps, how rows match existing records, and the
 * object's own service for creating (validated together, written set-based), updating and trashing.
 * The staging, preview, dry run, chunked run and undo are the same for every object.
 */
export type ImportDescriptor<Input = Record<string, unknown>, Prepared = unknown> = {
  /** The record's name in messages ("contact"). */
  noun: string;
  /** The fields (as field rules name them) each import target writes. */
  targetFields: Record<string, string[]>;
  mapRow: MapRow;
  /** The create body a mapped row must satisfy. */
  body: z.ZodType<Input>;
  /** Links the record to the company its row names: a contact's company, a company's parent. */
  linkCompany(input: Input, companyId: string): void;
  /**
   * For an object whose rows may name a company the same file creates (a company's parent): which
   * of these records are linked to none yet, so that the run links them once every row is written.
   */
  unlinked?(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>>;
  /** Live records by match value (`matchBy` is one of IMPORT_MATCH_FIELDS or `custom.<key>`). */
  matching(db: Db, workspaceId: string, matchBy: string, values: string[]): Promise<Map<string, string>>;
  /** The mapped fields of a record before an update, so undo can put them back. */
  beforeImage(tx: Db, principal: Principal, id: string, input: Input): Promise<Record<string, unknown>>;
  update(tx: Db, principal: Principal, id: string, input: Input, defs?: CustomFieldRow[]): Promise<unknown>;
  /** Validates creates together: each input's prepared row or its errors. */
  prepareCreates(
    tx: Db,
    principal: Principal,
    inputs: Input[],
    defs: CustomFieldRow[],
  ): Promise<({ prepared: Prepared } | { errors: FieldError[] })[]>;
  /** Writes prepared rows set-based, returning the records in the order given. */
  bulkCreate(tx: Db, principal: Principal, prepared: Prepared[]): Promise<{ id: string }[]>;
  /** Moves records to the trash (undo), returning those trashed. */
  trashMany(tx: Db, principal: Principal, ids: string[]): Promise<string[]>;
};

type TargetFields<O extends ImportObject> = Record<(typeof IMPORT_TARGETS)[O][number], string[]>;

/**
 * The record's current values of the fields the input sets. Custom values are merged on update, so
 * only the keys the input sets are kept, each with its current value or null (which removes the
 * value the import adds).
 */
function pick(current: object, input: object) {
  const now = current as Record<string, unknown>;
  const before: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "custom" && value && typeof value === "object") {
      const custom = (now.custom ?? {}) as Record<string, unknown>;
      before.custom = Object.fromEntries(Object.keys(value).map((k) => [k, custom[k] ?? null]));
    } else before[key] = now[key] ?? null;
  }
  return before;
}

type ContactInput = contacts.CreateContactInput;

const contactImport: ImportDescriptor<ContactInput, contacts.PreparedContact> = {
  noun: "contact",
  targetFields: {
    firstName: ["firstName"],
    lastName: ["lastName"],
    fullName: ["firstName", "lastName"],
    email: ["emails"],
    phone: ["phones"],
    jobTitle: ["jobTitle"],
    companyName: ["companies"],
    companyDomain: ["companies"],
    birthday: ["birthday"],
    street: ["address"],
    city: ["address"],
    region: ["address"],
    postalCode: ["address"],
    country: ["address"],
    leadSource: ["leadSource"],
    lifecycleStage: ["lifecycleStage"],
    description: ["description"],
    tags: ["tags"],
  } satisfies TargetFields<"contacts">,
  mapRow: mapContactRow,
  body: CreateContactBody as z.ZodType<ContactInput>,
  linkCompany: (input, companyId) => {
    input.companies = [{ companyId, primary: true }];
  },
  matching: store.contactsMatching,
  // The DTO's company links have the update's shape, so they go back as they were.
  beforeImage: async (tx, principal, id, input) => pick(await contacts.getContact(tx, principal, id), input),
  update: (tx, principal, id, input, defs) => contacts.updateContact(tx, principal, id, input, { defs }),
  prepareCreates: contacts.prepareCreates,
  bulkCreate: bulkCreateContacts,
  trashMany: contacts.trashContactsInBulk,
};

type CompanyInput = companies.CreateCompanyInput;

const companyImport: ImportDescriptor<CompanyInput, companies.PreparedCompany> = {
  noun: "company",
  targetFields: {
    name: ["name"],
    domain: ["domains"],
    industry: ["industry"],
    employeeCount: ["employeeCount"],
    annualRevenue: ["annualRevenue"],
    phone: ["phone"],
    street: ["address"],
    city: ["address"],
    region: ["address"],
    postalCode: ["address"],
    country: ["address"],
    description: ["description"],
    parentCompany: ["parentCompanyId"],
    tags: ["tags"],
  } satisfies TargetFields<"companies">,
  mapRow: mapCompanyRow,
  body: CreateCompanyBody as z.ZodType<CompanyInput>,
  linkCompany: (input, companyId) => {
    input.parentCompanyId = companyId;
  },
  unlinked: store.companiesWithoutParent,
  matching: store.companiesMatching,
  beforeImage: async (tx, principal, id, input) => pick(await companies.getCompany(tx, principal, id), input),
  update: (tx, principal, id, input, defs) => companies.updateCompany(tx, principal, id, input, { defs }),
  prepareCreates: companies.prepareCompanyCreates,
  bulkCreate: bulkCreateCompanies,
  trashMany: companies.trashCompaniesInBulk,
};

const DESCRIPTORS = { contacts: contactImport, companies: companyImport };

/** The import descriptor of an object, its input and prepared types erased for the shared run. */
export const importDescriptor = (object: ImportObject) => DESCRIPTORS[object] as unknown as ImportDescriptor;
