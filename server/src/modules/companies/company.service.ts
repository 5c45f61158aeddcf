import {
  type CompanyDto,
  type CreateCompanyBody,
  type FieldError,
  normalizeDomain,
  type UpdateCompanyBody,
} from "@rapport/core";
import type { z } from "zod";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, assertVersion, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import { deleteLinksToTarget } from "../../platform/records/links.ts";
import { mergedOr } from "../../platform/records/merged.ts";
import { recordTrash } from "../../platform/records/trash.ts";
import { existingCompanyIds } from "../contacts/contact.store.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { validateCustomValues } from "../custom-fields/custom-values.ts";
import { assertNotDuplicate, companyDuplicates } from "../duplicates/find-duplicates.ts";
import { canonicalTags, tagSpellings } from "../tags/tag.store.ts";
import { findMembership, memberIds } from "../workspaces/workspace.store.ts";
import { COMPANY_HISTORY_FIELDS, toCompanyDto } from "./company.presenter.ts";
import * as store from "./company.store.ts";

export type CreateCompanyInput = z.output<typeof CreateCompanyBody>;
export type UpdateCompanyInput = z.output<typeof UpdateCompanyBody>;
const OBJECT = "company";

/** Errors for domains that other live companies already have, at the place each was given. */
async function domainConflicts(
  tx: Db,
  workspaceId: string,
  firstIndex: Map<string, number>,
  selfId: string | null,
): Promise<FieldError[]> {
  const domains = [...firstIndex.keys()];
  await store.lockDomains(tx, workspaceId, domains);
  const others = await store.companiesWithDomains(tx, workspaceId, domains, selfId);
  return others
    .flatMap((other) =>
      other.domains.filter((d) => firstIndex.has(d)).map((d) => ({ index: firstIndex.get(d)!, d, other })),
    )
    .sort((a, b) => a.index - b.index)
    .map(({ index, d, other }) => ({
      path: `domains[${index}]`,
      message: `${d} belongs to ${other.name} (id ${other.id})`,
    }));
}

/**
 * Each distinct domain of a write's list, reduced from what was typed (a URL, a mixed-case name), with
 * the index it was first given at; one that is not a domain is an error naming its index.
 */
function normalizedDomains(raw: string[], errors: FieldError[]): Map<string, number> {
  const firstIndex = new Map<string, number>();
  raw.forEach((value, i) => {
    const domain = normalizeDomain(value);
    if (!domain) {
      errors.push({ path: `domains[${i}]`, message: `'${value}' is not a domain such as acme.com` });
    } else if (!firstIndex.has(domain)) {
      firstIndex.set(domain, i);
    }
  });
  return firstIndex;
}

/** Normalised, de-duplicated domains; invalid ones and ones another live company has are errors. */
async function prepareDomains(
  tx: Db,
  workspaceId: string,
  raw: string[],
  selfId: string | null,
  errors: FieldError[],
): Promise<string[]> {
  const firstIndex = normalizedDomains(raw, errors);
  errors.push(...(await domainConflicts(tx, workspaceId, firstIndex, selfId)));
  return [...firstIndex.keys()];
}

/** A parent must be a live company of the workspace, and not the company itself or a subsidiary of it. */
async function parentError(
  tx: Db,
  workspaceId: string,
  parentId: string,
  selfId: string | null,
): Promise<string | undefined> {
  if (parentId === selfId) return "A company cannot be its own parent";
  const parent = await store.companyRecords.find(tx, workspaceId, parentId);
  if (!parent) return "No company with that id in this workspace";
  // A new company has no subsidiaries yet, so only a move of an existing one can close a cycle.
  if (!selfId) return undefined;
  await store.lockHierarchy(tx, workspaceId);
  if (await store.isInParentChain(tx, workspaceId, parentId, selfId)) {
    return `${parent.name} is a subsidiary of this company; a company cannot be its own ancestor`;
  }
  return undefined;
}

/** Validates a create or an update against the current row, returning the columns to write. */
async function prepare(
  tx: Db,
  principal: Principal,
  defs: CustomFieldRow[],
  input: UpdateCompanyInput,
  current: store.CompanyRow | null,
) {
  const { workspaceId } = principal;
  const errors: FieldError[] = [];
  const domains =
    input.domains !== undefined
      ? await prepareDomains(tx, workspaceId, input.domains, current?.id ?? null, errors)
      : undefined;
  if (input.parentCompanyId && input.parentCompanyId !== current?.parentCompanyId) {
    const message = await parentError(tx, workspaceId, input.parentCompanyId, current?.id ?? null);
    if (message) errors.push({ path: "parentCompanyId", message });
  }
  if (input.ownerId && !(await findMembership(tx, workspaceId, input.ownerId))) {
    errors.push({ path: "ownerId", message: "No member of this workspace has that id" });
  }
  const custom = await validateCustomValues(
    tx,
    { workspaceId, table: "companies", recordId: current?.id ?? null },
    defs,
    input.custom,
    current?.custom ?? null,
  );
  errors.push(...custom.errors);
  if (errors.length > 0) throw invalidFields(errors);

  const tags = input.tags !== undefined ? await canonicalTags(tx, workspaceId, input.tags) : undefined;
  return columnsOf(principal, input, { domains, custom: custom.values, tags });
}

/** The columns a validated write sets: what the input names, with its checked domains, custom values and tags. */
function columnsOf(
  principal: Principal,
  input: UpdateCompanyInput,
  checked: { domains: string[] | undefined; custom: Record<string, unknown>; tags: string[] | undefined },
) {
  const columns: Partial<store.CompanyInsert> = { custom: checked.custom, updatedBy: principal.userId };
  for (const key of [
    "name",
    "industry",
    "employeeCount",
    "address",
    "phone",
    "parentCompanyId",
    "description",
    "ownerId",
  ] as const) {
    if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  }
  if (checked.domains !== undefined) columns.domains = checked.domains;
  if (input.annualRevenue !== undefined) {
    columns.annualRevenue = input.annualRevenue === null ? null : String(input.annualRevenue);
  }
  if (checked.tags !== undefined) columns.tags = checked.tags;
  return columns;
}

/** A create validated and ready to write. */
export type PreparedCompany = { columns: Partial<store.CompanyInsert> & { name: string } };

/**
 * Validates creates as `createCompany` does, against data fetched once for all of them (one lock and
 * one lookup for every domain, the owners, parents and tags together); a domain that an earlier valid
 * input of the batch claims is taken too. Each input gets its columns or its errors, so a caller
 * can write the valid ones (an import). Likely duplicates are not checked, as for batch creates.
 */
export async function prepareCompanyCreates(
  tx: Db,
  principal: Principal,
  inputs: CreateCompanyInput[],
  defs?: CustomFieldRow[],
): Promise<({ prepared: PreparedCompany } | { errors: FieldError[] })[]> {
  const { workspaceId } = principal;
  const withOwner = inputs.map((input) => ({ ownerId: principal.userId, ...input }));
  const fieldDefs = defs ?? (await listCustomFields(tx, workspaceId, "companies"));
  const errors = withOwner.map((): FieldError[] => []);
  const domains = withOwner.map((input, n) => normalizedDomains(input.domains ?? [], errors[n]!));
  const allDomains = [...new Set(domains.flatMap((d) => [...d.keys()]))];
  await store.lockDomains(tx, workspaceId, allDomains);
  const taken = new Map<string, { id: string; name: string }>();
  for (const other of await store.companiesWithDomains(tx, workspaceId, allDomains, null)) {
    for (const d of other.domains) taken.set(d, other);
  }
  const parents = await existingCompanyIds(
    tx,
    workspaceId,
    withOwner.flatMap((i) => (i.parentCompanyId ? [i.parentCompanyId] : [])),
  );
  const owners = await memberIds(
    tx,
    workspaceId,
    withOwner.flatMap((i) => (i.ownerId ? [i.ownerId] : [])),
  );
  const spelling = await tagSpellings(
    tx,
    workspaceId,
    withOwner.flatMap((i) => i.tags ?? []),
  );
  const customs: Record<string, unknown>[] = [];
  for (const [n, input] of withOwner.entries()) {
    for (const [d, i] of domains[n]!) {
      const other = taken.get(d);
      if (other)
        errors[n]!.push({ path: `domains[${i}]`, message: `${d} belongs to ${other.name} (id ${other.id})` });
    }
    if (input.parentCompanyId && !parents.has(input.parentCompanyId))
      errors[n]!.push({ path: "parentCompanyId", message: "No company with that id in this workspace" });
    if (input.ownerId && !owners.has(input.ownerId))
      errors[n]!.push({ path: "ownerId", message: "No member of this workspace has that id" });
    const custom = await validateCustomValues(
      tx,
      { workspaceId, table: "companies", recordId: null },
      fieldDefs,
      input.custom,
      null,
    );
    errors[n]!.push(...custom.errors);
    customs.push(custom.values);
  }
  // Two new companies cannot share a domain either: the first valid one keeps it.
  const claimed = new Set<string>();
  return withOwner.map((input, n) => {
    if (errors[n]!.length === 0) {
      for (const [d, i] of domains[n]!) {
        if (claimed.has(d))
          errors[n]!.push({ path: `domains[${i}]`, message: `${d} is the domain of another new company` });
      }
    }
    if (errors[n]!.length > 0) return { errors: errors[n]! };
    for (const d of domains[n]!.keys()) claimed.add(d);
    const tags = input.tags && [...new Set(input.tags.map((t) => spelling.get(t.toLowerCase())!))];
    const columns = columnsOf(principal, input, {
      domains: [...domains[n]!.keys()],
      custom: customs[n]!,
      tags,
    });
    return { prepared: { columns: { ...columns, name: input.name } } };
  });
}

const snapshot = (dto: CompanyDto) => dto as unknown as Record<string, unknown>;

export async function createCompany(
  db: Db,
  principal: Principal,
  input: CreateCompanyInput,
  options: { defs?: CustomFieldRow[]; allowDuplicate?: boolean } = {},
) {
  return db.transaction(async (tx) => {
    const fieldDefs = options.defs ?? (await listCustomFields(tx, principal.workspaceId, "companies"));
    const columns = await prepare(tx, principal, fieldDefs, { ownerId: principal.userId, ...input }, null);
    // After `prepare`: a domain another live company has is a field error (domains are unique), so
    // what is left to catch here is the same company under a name spelled a little differently.
    if (!options.allowDuplicate) {
      const candidates = await companyDuplicates(tx, principal.workspaceId, {
        name: input.name,
        domains: columns.domains ?? [],
      });
      assertNotDuplicate(OBJECT, candidates);
    }
    const row = await store.insertCompany(tx, {
      ...columns,
      name: input.name,
      workspaceId: principal.workspaceId,
      id: newId(),
      createdBy: principal.userId,
    });
    const dto = toCompanyDto(row);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: row.id,
      event: "created",
      changes: diffFields(null, snapshot(dto), COMPANY_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { company: dto },
    });
    return dto;
  });
}

export async function getCompany(db: Db, principal: Principal, id: string) {
  const row = await store.companyRecords.find(db, principal.workspaceId, id, {
    visible: visibleWhere(principal, "companies"),
  });
  if (!row) throw await mergedOr(db, OBJECT, principal.workspaceId, id, "read", notFound("company"));
  return toCompanyDto(row);
}

/** Applies a partial update; with `expectedVersion` (If-Match) a concurrent change answers 412. */
export async function updateCompany(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateCompanyInput,
  options: { expectedVersion?: number; defs?: CustomFieldRow[] } = {},
) {
  return db.transaction(async (tx) => {
    const row = await store.companyRecords.find(tx, principal.workspaceId, id, {
      lock: true,
      visible: visibleWhere(principal, "companies"),
    });
    if (!row) throw await mergedOr(tx, OBJECT, principal.workspaceId, id, "update", notFound("company"));
    assertVersion(row.version, options.expectedVersion, "company");
    const before = toCompanyDto(row);
    const fieldDefs = options.defs ?? (await listCustomFields(tx, principal.workspaceId, "companies"));
    const columns = await prepare(tx, principal, fieldDefs, input, row);
    const after = toCompanyDto(await store.companyRecords.update(tx, principal.workspaceId, id, columns));
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: id,
      event: "updated",
      changes: diffFields(snapshot(before), snapshot(after), COMPANY_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { company: after },
    });
    return after;
  });
}

const trash = recordTrash({
  object: OBJECT,
  permissionObject: "companies",
  records: store.companyRecords,
  present: async (_db, _principal, row) => toCompanyDto(row),
  // A live company may have taken one of its domains meanwhile.
  beforeRestore: async (db, principal, row) => {
    const taken = new Map(row.domains.map((d, i) => [d, i]));
    const conflicts = await domainConflicts(db, principal.workspaceId, taken, row.id);
    if (conflicts.length > 0) throw invalidFields(conflicts);
  },
  // Contacts, deals and subsidiaries stay, unlinked; the `company.purged` event lists them.
  beforePurge: async (db, principal, id) => {
    const unlinked = await store.unlinkCompany(db, principal.workspaceId, id, principal.userId);
    await deleteLinksToTarget(db, principal.workspaceId, { type: OBJECT, id });
    return unlinked;
  },
  purgedPayload: (row, unlinked) => ({ name: row.name, unlinked }),
});

/**
 * Moves a company to the trash (restorable for 30 days). Its contacts, deals and subsidiaries keep
 * pointing at it; filters through a company only match live ones.
 */
export async function trashCompany(
  db: Db,
  principal: Principal,
  id: string,
  options: { expectedVersion?: number } = {},
) {
  try {
    await trash.trash(db, principal, id, options);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
    throw await mergedOr(db, OBJECT, principal.workspaceId, id, "delete", error);
  }
}
/** Brings a company back, unless a live company has taken one of its domains meanwhile. */
export const restoreCompany = trash.restore;
/** Moves many companies to the trash in the caller's transaction (an import's undo); returns those trashed. */
export const trashCompaniesInBulk = trash.trashMany;
/** Deletes a trashed company for good, unlinking its contacts, deals and subsidiaries. */
export const purgeCompany = trash.purge;
