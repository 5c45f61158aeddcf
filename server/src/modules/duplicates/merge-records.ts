import type { CompanyDto, ContactDto, FieldError, MergeBody } from "@rapport/core";
import { sql } from "drizzle-orm";
import { assertFieldsWritable, writesField } from "../../platform/auth/field-rules.ts";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { invalidFields, notFound } from "../../platform/errors.ts";
import { actorOf, recordChange } from "../../platform/records/changes.ts";
import { COMPANY_HISTORY_FIELDS, toCompanyDto } from "../companies/company.presenter.ts";
import { type UpdateCompanyInput, updateCompany } from "../companies/company.service.ts";
import * as companyStore from "../companies/company.store.ts";
import { CONTACT_HISTORY_FIELDS, toContactDto } from "../contacts/contact.presenter.ts";
import { type UpdateContactInput, updateContact } from "../contacts/contact.service.ts";
import * as contactStore from "../contacts/contact.store.ts";
import { deleteGroupsWith } from "./duplicate.store.ts";

type Dated = { id: string; updatedAt: string };

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every(isEmpty));

/**
 * The records of a merge, checked: all distinct, all live records of the workspace, and `values`
 * naming known fields and records of the merge. Records come back most recently updated first.
 */
function checkMerge<R extends Dated>(
  body: MergeBody,
  records: R[],
  fields: readonly string[],
  customKeys: string[],
) {
  const errors: FieldError[] = [];
  const ids = [body.survivorId, ...body.mergedIds];
  body.mergedIds.forEach((id, i) => {
    if (ids.indexOf(id) !== i + 1) {
      errors.push({ path: `mergedIds[${i}]`, message: "List each record once, and not the survivor" });
    }
  });
  for (const [field, from] of Object.entries(body.values ?? {})) {
    const known =
      fields.includes(field) || (field.startsWith("custom.") && customKeys.includes(field.slice(7)));
    if (!known)
      errors.push({
        path: `values.${field}`,
        message: `Not a field that can be picked: use one of ${fields.join(", ")} or custom.<key>`,
      });
    else if (!ids.includes(from))
      errors.push({ path: `values.${field}`, message: "Name the survivor or one of the merged records" });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return [...records].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** A field's surviving value: from the record picked for it, else the most recent non-empty one. */
function pick<R extends Dated>(records: R[], picked: string | undefined, value: (r: R) => unknown): unknown {
  if (picked) return value(records.find((r) => r.id === picked)!);
  for (const r of records) if (!isEmpty(value(r))) return value(r);
  return value(records[0]!);
}

/** Picked, or the union of every record's values (most recent first), one per key. */
function union<R extends Dated, V>(
  records: R[],
  picked: string | undefined,
  values: (r: R) => V[],
  key: (v: V) => string,
): V[] {
  if (picked) return values(records.find((r) => r.id === picked)!);
  const seen = new Set<string>();
  const out: V[] = [];
  for (const r of records) {
    for (const v of values(r)) {
      if (seen.has(key(v))) continue;
      seen.add(key(v));
      out.push(v);
    }
  }
  return out;
}

/** A labeled list with the first value primary unless one is already marked. */
function onePrimary<V extends { primary: boolean }>(list: V[]): V[] {
  const first = list.findIndex((v) => v.primary);
  return list.map((v, i) => ({ ...v, primary: i === (first === -1 ? 0 : first) }));
}

function customValues<R extends Dated>(
  records: R[],
  body: MergeBody,
  custom: (r: R) => Record<string, unknown>,
) {
  const keys = [...new Set(records.flatMap((r) => Object.keys(custom(r))))];
  return Object.fromEntries(
    keys.map((k) => [k, pick(records, body.values?.[`custom.${k}`], (r) => custom(r)[k] ?? null)]),
  );
}

/**
 * The survivor's new values as the principal's role may write them: naming a field it may not
 * write (hidden or read-only) in `values` is refused (403, as a PATCH setting it would be), and such
 * a field keeps the survivor's own value rather than take a merged record's.
 */
function writableInput<I extends { custom?: Record<string, unknown> }>(
  principal: Principal,
  object: "contacts" | "companies",
  body: MergeBody,
  input: I,
): I {
  assertFieldsWritable(
    principal,
    object,
    Object.keys(body.values ?? {}).map((field) => ({ field, path: `values.${field}` })),
  );
  const writable = Object.fromEntries(
    Object.entries(input).filter(([field]) => field === "custom" || writesField(principal, object, field)),
  ) as I;
  if (input.custom)
    writable.custom = Object.fromEntries(
      Object.entries(input.custom).filter(([key]) => writesField(principal, object, `custom.${key}`)),
    );
  return writable;
}

/**
 * Re-points the rows of `table` whose `column` names a merged record to the survivor. Where a row
 * with the same other key already names the survivor (or another merged record, the smallest id
 * kept), the merged one's row is dropped instead, so no link is doubled.
 */
async function repoint(
  tx: Db,
  workspaceId: string,
  table: string,
  column: string,
  sameRow: string,
  survivorId: string,
  mergedIds: string[],
  extra = sql``,
) {
  const t = sql.identifier(table);
  const c = sql.identifier(column);
  const merged = sql`${sql.param(mergedIds)}::uuid[]`;
  await tx.execute(sql`delete from ${t} l where l.workspace_id = ${workspaceId} ${extra} and l.${c} = any(${merged})
    and exists (select 1 from ${t} o where o.workspace_id = l.workspace_id and ${sql.raw(sameRow)}
      and (o.${c} = ${survivorId} or (o.${c} = any(${merged}) and o.${c} < l.${c})))`);
  await tx.execute(sql`update ${t} l set ${c} = ${survivorId}
    where l.workspace_id = ${workspaceId} ${extra} and l.${c} = any(${merged})`);
}

/** Activities and tasks linked to a merged record are linked to the survivor. */
const repointRecordLinks = (
  tx: Db,
  workspaceId: string,
  type: string,
  survivorId: string,
  mergedIds: string[],
) =>
  repoint(
    tx,
    workspaceId,
    "record_links",
    "target_id",
    "o.source_type = l.source_type and o.source_id = l.source_id and o.target_type = l.target_type",
    survivorId,
    mergedIds,
    sql`and l.target_type = ${type}`,
  );

/** The merged records leave every list (as if trashed, but not restorable) and answer for the survivor. */
async function retire(
  tx: Db,
  table: "contacts" | "companies",
  principal: Principal,
  survivorId: string,
  mergedIds: string[],
) {
  const t = sql.identifier(table);
  const merged = sql`${sql.param(mergedIds)}::uuid[]`;
  await tx.execute(sql`update ${t} set merged_into_id = ${survivorId}, deleted_at = now(), deleted_by = ${principal.userId},
      updated_at = now(), version = version + 1
    where workspace_id = ${principal.workspaceId} and id = any(${merged})`);
  // Records merged earlier into one merged now point straight at the survivor.
  await tx.execute(sql`update ${t} set merged_into_id = ${survivorId}
    where workspace_id = ${principal.workspaceId} and merged_into_id = any(${merged})`);
}

async function recordMerge(
  tx: Db,
  principal: Principal,
  object: "contact" | "company",
  survivorId: string,
  mergedIds: string[],
  dto: ContactDto | CompanyDto,
) {
  // On the survivor: a history entry naming what was merged into it, the `record.merged` audit
  // entry and the `<object>.merged` event. The merged records keep their own history.
  await recordChange(tx, {
    workspaceId: principal.workspaceId,
    object,
    recordId: survivorId,
    event: "merged",
    changes: [{ field: "mergedFrom", oldValue: null, newValue: mergedIds }],
    actor: actorOf(principal),
    payload: { [object]: dto, mergedIds },
  });
  await deleteGroupsWith(tx, principal.workspaceId, [survivorId, ...mergedIds]);
}

/** What a merge picks a value for: every field a user edits but tags and custom values, which are joined. */
const mergeable = <F extends string>(fields: readonly F[]) =>
  fields.filter((f): f is Exclude<F, "tags" | "custom"> => f !== "tags" && f !== "custom");

export const CONTACT_MERGE_FIELDS = mergeable(CONTACT_HISTORY_FIELDS);

/**
 * Merges contacts into a survivor, in one transaction: picks each field's value, re-links
 * activities, tasks, deals and companies, joins tags, and retires the merged contacts.
 */
export async function mergeContacts(db: Db, principal: Principal, body: MergeBody): Promise<ContactDto> {
  return db.transaction(async (tx) => {
    const ws = principal.workspaceId;
    const found = [];
    for (const id of [body.survivorId, ...new Set(body.mergedIds)]) {
      const one = await contactStore.findWithLinks(tx, ws, id, {
        lock: true,
        visible: visibleWhere(principal, "contacts"),
      });
      if (!one) throw notFound("contact");
      found.push(toContactDto(one.row, one.links));
    }
    const customKeys = [...new Set(found.flatMap((c) => Object.keys(c.custom)))];
    const records = checkMerge(body, found, CONTACT_MERGE_FIELDS, customKeys);
    const v = body.values ?? {};
    const input: UpdateContactInput = {
      firstName: pick(records, v.firstName, (r) => r.firstName) as string | null,
      lastName: pick(records, v.lastName, (r) => r.lastName) as string | null,
      emails: onePrimary(
        union(
          records,
          v.emails,
          (r) => r.emails,
          (e) => e.value.toLowerCase(),
        ),
      ),
      phones: onePrimary(
        union(
          records,
          v.phones,
          (r) => r.phones,
          (p) => p.e164 ?? p.value,
        ).map(({ value, label, primary }) => ({ value, label, primary })),
      ),
      jobTitle: pick(records, v.jobTitle, (r) => r.jobTitle) as string | null,
      companies: onePrimary(
        union(
          records,
          v.companies,
          (r) => r.companies,
          (l) => l.companyId,
        ),
      ).map((l) => ({
        companyId: l.companyId,
        role: l.role,
        primary: l.primary,
      })),
      address: pick(records, v.address, (r) => r.address) as ContactDto["address"],
      birthday: pick(records, v.birthday, (r) => r.birthday) as string | null,
      social: v.social
        ? records.find((r) => r.id === v.social)!.social
        : Object.assign({}, ...[...records].reverse().map((r) => r.social)),
      lifecycleStage: pick(records, v.lifecycleStage, (r) => r.lifecycleStage) as string | null,
      leadSource: pick(records, v.leadSource, (r) => r.leadSource) as string | null,
      description: pick(records, v.description, (r) => r.description) as string | null,
      ownerId: pick(records, v.ownerId, (r) => r.ownerId) as string | null,
      tags: [...new Set(records.flatMap((r) => r.tags))],
      custom: customValues(records, body, (r) => r.custom),
    };
    const mergedIds = records.map((r) => r.id).filter((id) => id !== body.survivorId);
    await retire(tx, "contacts", principal, body.survivorId, mergedIds);
    await repointRecordLinks(tx, ws, "contact", body.survivorId, mergedIds);
    await repoint(tx, ws, "deal_contacts", "contact_id", "o.deal_id = l.deal_id", body.survivorId, mergedIds);
    const after = await updateContact(
      tx,
      principal,
      body.survivorId,
      writableInput(principal, "contacts", body, input),
    );
    await recordMerge(tx, principal, "contact", body.survivorId, mergedIds, after);
    return after;
  });
}

export const COMPANY_MERGE_FIELDS = mergeable(COMPANY_HISTORY_FIELDS);

/**
 * Merges companies into a survivor, in one transaction: picks each field's value, moves the merged
 * companies' contacts, deals, subsidiaries, activities and tasks to it, joins domains and tags.
 */
export async function mergeCompanies(db: Db, principal: Principal, body: MergeBody): Promise<CompanyDto> {
  return db.transaction(async (tx) => {
    const ws = principal.workspaceId;
    const found = [];
    for (const id of [body.survivorId, ...new Set(body.mergedIds)]) {
      const row = await companyStore.companyRecords.find(tx, ws, id, {
        lock: true,
        visible: visibleWhere(principal, "companies"),
      });
      if (!row) throw notFound("company");
      found.push(toCompanyDto(row));
    }
    const customKeys = [...new Set(found.flatMap((c) => Object.keys(c.custom)))];
    const records = checkMerge(body, found, COMPANY_MERGE_FIELDS, customKeys);
    const mergedIds = records.map((r) => r.id).filter((id) => id !== body.survivorId);
    const family = new Set([body.survivorId, ...mergedIds]);
    const v = body.values ?? {};
    const parent = pick(records, v.parentCompanyId, (r) =>
      family.has(r.parentCompanyId ?? "") ? null : r.parentCompanyId,
    );
    const input: UpdateCompanyInput = {
      name: pick(records, v.name, (r) => r.name) as string,
      domains: union(
        records,
        v.domains,
        (r) => r.domains,
        (d) => d,
      ),
      industry: pick(records, v.industry, (r) => r.industry) as string | null,
      employeeCount: pick(records, v.employeeCount, (r) => r.employeeCount) as number | null,
      annualRevenue: pick(records, v.annualRevenue, (r) => r.annualRevenue) as number | null,
      address: pick(records, v.address, (r) => r.address) as CompanyDto["address"],
      phone: pick(records, v.phone, (r) => r.phone) as string | null,
      parentCompanyId: parent as string | null,
      description: pick(records, v.description, (r) => r.description) as string | null,
      ownerId: pick(records, v.ownerId, (r) => r.ownerId) as string | null,
      tags: [...new Set(records.flatMap((r) => r.tags))],
      custom: customValues(records, body, (r) => r.custom),
    };
    await retire(tx, "companies", principal, body.survivorId, mergedIds);
    await moveCompanyRelations(tx, principal, body.survivorId, mergedIds);
    const after = await updateCompany(
      tx,
      principal,
      body.survivorId,
      writableInput(principal, "companies", body, input),
    );
    await recordMerge(tx, principal, "company", body.survivorId, mergedIds, after);
    return after;
  });
}

/** Contacts (memberships and primary company), deals, subsidiaries, activities and tasks follow the survivor. */
async function moveCompanyRelations(tx: Db, principal: Principal, survivorId: string, mergedIds: string[]) {
  const ws = principal.workspaceId;
  const merged = sql`${sql.param(mergedIds)}::uuid[]`;
  // Contacts whose primary company is a merged one get the survivor as primary.
  const primaries = await queryRows<{ contact_id: string }>(
    tx,
    sql`select contact_id from contact_companies where workspace_id = ${ws} and is_primary and company_id = any(${merged})`,
  );
  await repoint(
    tx,
    ws,
    "contact_companies",
    "company_id",
    "o.contact_id = l.contact_id",
    survivorId,
    mergedIds,
  );
  if (primaries.length > 0) {
    const contactIds = sql`${sql.param(primaries.map((p) => p.contact_id))}::uuid[]`;
    await tx.execute(
      sql`update contact_companies set is_primary = false where workspace_id = ${ws} and contact_id = any(${contactIds})`,
    );
    await tx.execute(sql`update contact_companies set is_primary = true
      where workspace_id = ${ws} and contact_id = any(${contactIds}) and company_id = ${survivorId}`);
  }
  for (const table of ["contacts", "deals"]) {
    await tx.execute(sql`update ${sql.identifier(table)} set company_id = ${survivorId}, updated_at = now(), version = version + 1
      where workspace_id = ${ws} and company_id = any(${merged})`);
  }
  await tx.execute(sql`update companies set parent_company_id = ${survivorId}, updated_at = now(), version = version + 1
    where workspace_id = ${ws} and parent_company_id = any(${merged}) and deleted_at is null and id <> ${survivorId}`);
  await repointRecordLinks(tx, ws, "company", survivorId, mergedIds);
}
