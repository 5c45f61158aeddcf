import type { ContactDto, CreateContactBody, FieldError, UpdateContactBody } from "@rapport/core";
import type { z } from "zod";
import { visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, assertVersion, invalidFields, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChange } from "../../platform/records/changes.ts";
import { deleteLinksToTarget } from "../../platform/records/links.ts";
import { mergedOr } from "../../platform/records/merged.ts";
import { toE164 } from "../../platform/records/phone.ts";
import { recordTrash } from "../../platform/records/trash.ts";
import { companyIdOwningDomain } from "../companies/company.store.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { validateCustomValues } from "../custom-fields/custom-values.ts";
import { assertNotDuplicate, contactDuplicates } from "../duplicates/find-duplicates.ts";
import { tagSpellings } from "../tags/tag.store.ts";
import { lifecycleStageKeys, memberIds, workspaceDefaultCountry } from "../workspaces/workspace.store.ts";
import { bulkCreateContacts } from "./bulk-create-contacts.ts";
import { companiesByEmailDomain, companyDomainOf } from "./company-by-email.ts";
import { CONTACT_HISTORY_FIELDS, toContactDto } from "./contact.presenter.ts";
import * as store from "./contact.store.ts";

export type CreateContactInput = z.output<typeof CreateContactBody>;
export type UpdateContactInput = z.output<typeof UpdateContactBody>;
const OBJECT = "contact";
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Labeled = { value: string; label: string | null; primary: boolean; e164?: string | null };

/** Exactly one primary value: the one marked, else the first. */
function withPrimary(list: Labeled[], path: string, errors: FieldError[]): Labeled[] {
  const marked = list.filter((v) => v.primary).length;
  if (marked > 1) errors.push({ path, message: "Mark at most one as primary" });
  if (list.length === 0 || marked === 1) return list;
  return list.map((v, i) => ({ ...v, primary: i === 0 }));
}

function displayNameOf(
  first: string | null,
  last: string | null,
  emails: Labeled[],
  phones: Labeled[],
): string | null {
  const name = [first, last].filter(Boolean).join(" ").trim();
  return name || emails.find((e) => e.primary)?.value || phones.find((p) => p.primary)?.value || null;
}

/** What validating a set of writes needs from the database, fetched once for all of them. */
type WriteContext = {
  defs: CustomFieldRow[];
  members: Set<string>;
  companies: Set<string>;
  tagSpelling: Map<string, string>;
  lifecycleStages: string[];
  /** Phones without a country code are read as this country's. */
  defaultCountry: string | null;
};

async function loadContext(
  tx: Db,
  principal: Principal,
  inputs: UpdateContactInput[],
  defs?: CustomFieldRow[],
): Promise<WriteContext> {
  const owners = [...new Set(inputs.flatMap((i) => (i.ownerId ? [i.ownerId] : [])))];
  const companyIds = [...new Set(inputs.flatMap((i) => (i.companies ?? []).map((c) => c.companyId)))];
  return {
    defs: defs ?? (await listCustomFields(tx, principal.workspaceId, "contacts")),
    members: await memberIds(tx, principal.workspaceId, owners),
    companies: await store.existingCompanyIds(tx, principal.workspaceId, companyIds),
    tagSpelling: await tagSpellings(
      tx,
      principal.workspaceId,
      inputs.flatMap((i) => i.tags ?? []),
    ),
    lifecycleStages: inputs.some((i) => i.lifecycleStage)
      ? await lifecycleStageKeys(tx, principal.workspaceId)
      : [],
    defaultCountry: inputs.some((i) => i.phones?.length)
      ? await workspaceDefaultCountry(tx, principal.workspaceId)
      : null,
  };
}

/**
 * A new contact given no company joins the company that owns its primary email's domain, if one
 * does (not for free-mail domains).
 */
async function linkByEmailDomain(
  tx: Db,
  workspaceId: string,
  prepared: PreparedContact[],
  inputs: CreateContactInput[],
) {
  const unlinked = prepared.filter((p, i) => inputs[i]!.companies === undefined && p.columns.email);
  if (unlinked.length === 0) return;
  const byEmail = await companiesByEmailDomain(
    tx,
    workspaceId,
    unlinked.map((p) => p.columns.email!),
  );
  for (const p of unlinked) {
    const companyId = byEmail.get(p.columns.email!);
    if (!companyId) continue;
    p.columns.companyId = companyId;
    p.links = [{ companyId, role: null, isPrimary: true }];
  }
}

/** Validates a create or an update against the current row, returning the columns to write. */
async function prepare(
  tx: Db,
  principal: Principal,
  ctx: WriteContext,
  input: UpdateContactInput,
  current: { row: store.ContactRow; links: store.ContactLink[] } | null,
) {
  const errors: FieldError[] = [];
  const emails = withPrimary(
    (input.emails ?? current?.row.emails ?? []).map((e) => ({ ...e, value: e.value.trim() })),
    "emails",
    errors,
  );
  emails.forEach((e, i) => {
    if (!email.test(e.value))
      errors.push({ path: `emails[${i}].value`, message: "Enter a valid email address" });
  });
  // Phones keep the typed form for display, with E.164 beside it for matching.
  const phones = withPrimary(input.phones ?? current?.row.phones ?? [], "phones", errors).map((p) =>
    input.phones ? { ...p, e164: toE164(p.value, ctx.defaultCountry) } : p,
  );
  const firstName = input.firstName !== undefined ? input.firstName : (current?.row.firstName ?? null);
  const lastName = input.lastName !== undefined ? input.lastName : (current?.row.lastName ?? null);
  const displayName = displayNameOf(firstName, lastName, emails, phones);
  if (!displayName)
    errors.push({ path: "lastName", message: "Give the contact a name, an email or a phone" });

  if (input.lifecycleStage && !ctx.lifecycleStages.includes(input.lifecycleStage)) {
    errors.push({
      path: "lifecycleStage",
      message: `Use one of the workspace's lifecycle stages: ${ctx.lifecycleStages.join(", ")}`,
    });
  }
  if (input.ownerId && !ctx.members.has(input.ownerId)) {
    errors.push({ path: "ownerId", message: "No member of this workspace has that id" });
  }

  let links = current?.links.map(({ companyId, role, isPrimary }) => ({ companyId, role, isPrimary }));
  if (input.companies !== undefined) {
    const seen = new Set<string>();
    input.companies.forEach((c, i) => {
      if (seen.has(c.companyId)) errors.push({ path: `companies[${i}].companyId`, message: "Listed twice" });
      else if (!ctx.companies.has(c.companyId)) {
        errors.push({
          path: `companies[${i}].companyId`,
          message: "No company with that id in this workspace",
        });
      }
      seen.add(c.companyId);
    });
    const primaries = input.companies.filter((c) => c.primary).length;
    if (primaries > 1) errors.push({ path: "companies", message: "Mark at most one company as primary" });
    links = input.companies.map((c, i) => ({
      companyId: c.companyId,
      role: c.role ?? null,
      isPrimary: primaries === 1 ? c.primary : i === 0,
    }));
  }

  const custom = await validateCustomValues(
    tx,
    { workspaceId: principal.workspaceId, table: "contacts", recordId: current?.row.id ?? null },
    ctx.defs,
    input.custom,
    current?.row.custom ?? null,
  );
  errors.push(...custom.errors);
  if (errors.length > 0) return { errors } as const;

  const columns: Partial<store.ContactInsert> = {
    firstName,
    lastName,
    displayName: displayName!,
    emails,
    phones,
    email: emails.find((e) => e.primary)?.value.toLowerCase() ?? null,
    phone: phones.find((p) => p.primary)?.value ?? null,
    companyId: links?.find((l) => l.isPrimary)?.companyId ?? null,
    custom: custom.values,
    updatedBy: principal.userId,
  };
  for (const key of [
    "jobTitle",
    "address",
    "birthday",
    "social",
    "lifecycleStage",
    "leadSource",
    "description",
    "ownerId",
  ] as const) {
    if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  }
  if (input.tags !== undefined) {
    columns.tags = [...new Set(input.tags.map((tag) => ctx.tagSpelling.get(tag.toLowerCase())!))];
  }
  return { columns, links } as const;
}

const snapshot = (dto: ContactDto) => dto as unknown as Record<string, unknown>;

/** A create validated and ready to write: the contact's columns and its company links. */
export type PreparedContact = {
  columns: Partial<store.ContactInsert>;
  links: Omit<store.ContactLink, "contactId">[];
};

/**
 * Validates creates against data fetched once for all of them, and links each new contact given
 * no company to the company of its email's domain (unless `linkByDomain` is false: a single create
 * looks the company up in its insert). Each input gets its columns or its errors, so a caller can
 * write the valid ones (an import) or refuse all (the API's batch).
 */
export async function prepareCreates(
  tx: Db,
  principal: Principal,
  inputs: CreateContactInput[],
  defs?: CustomFieldRow[],
  options: { linkByDomain?: boolean } = {},
): Promise<({ prepared: PreparedContact } | { errors: FieldError[] })[]> {
  const withOwner = inputs.map((input) => ({ ownerId: principal.userId, ...input }));
  const ctx = await loadContext(tx, principal, withOwner, defs);
  const results: ({ prepared: PreparedContact } | { errors: FieldError[] })[] = [];
  for (const input of withOwner) {
    const result = await prepare(tx, principal, ctx, input, null);
    results.push(
      "errors" in result
        ? { errors: result.errors ?? [] }
        : { prepared: { columns: result.columns, links: result.links ?? [] } },
    );
  }
  if (options.linkByDomain === false) return results;
  const valid = results.flatMap((r, i) =>
    "prepared" in r ? [{ prepared: r.prepared, input: withOwner[i]! }] : [],
  );
  await linkByEmailDomain(
    tx,
    principal.workspaceId,
    valid.map((v) => v.prepared),
    valid.map((v) => v.input),
  );
  return results;
}

/**
 * Creates contacts in bulk (the API's batch): every input is validated against data fetched once,
 * and rows, links, history, audit entries and events are written with a COPY per table. If any
 * input is invalid, nothing is written and the errors name each one (`itemPath(i)` prefixes their
 * paths).
 */
export async function createContacts(
  db: Db,
  principal: Principal,
  inputs: CreateContactInput[],
  options: { defs?: CustomFieldRow[]; itemPath?: (index: number) => string } = {},
): Promise<ContactDto[]> {
  return db.transaction(async (tx) =>
    bulkCreateContacts(tx, principal, await validCreates(tx, principal, inputs, options), { audit: true }),
  );
}

/** The creates validated by `prepareCreates`; if any is invalid, an error naming each one. */
async function validCreates(
  tx: Db,
  principal: Principal,
  inputs: CreateContactInput[],
  options: { defs?: CustomFieldRow[]; itemPath?: (index: number) => string; linkByDomain?: boolean },
): Promise<PreparedContact[]> {
  const results = await prepareCreates(tx, principal, inputs, options.defs, options);
  const errors = results.flatMap((result, i) => {
    if (!("errors" in result)) return [];
    const prefix = options.itemPath ? `${options.itemPath(i)}.` : "";
    return result.errors.map((e) => ({ path: `${prefix}${e.path}`, message: e.message }));
  });
  if (errors.length > 0) throw invalidFields(errors);
  return results.map((r) => (r as { prepared: PreparedContact }).prepared);
}

/**
 * Writes one validated create in the caller's transaction: the row (with the database's defaults,
 * returned), its links, and its history, audit entry and event in one statement: fewer round trips
 * than `bulkCreateContacts`, which takes a statement per table. Given no company, the contact joins
 * the one owning its email's domain, found by the insert itself.
 */
async function insertCreate(
  tx: Db,
  principal: Principal,
  input: CreateContactInput,
  prepared: PreparedContact,
): Promise<ContactDto> {
  const domain =
    input.companies === undefined && prepared.columns.email ? companyDomainOf(prepared.columns.email) : null;
  const row = await store.insertContact(tx, {
    ...prepared.columns,
    displayName: prepared.columns.displayName!,
    workspaceId: principal.workspaceId,
    id: newId(),
    createdBy: principal.userId,
    ...(domain ? { companyId: companyIdOwningDomain(principal.workspaceId, domain) } : {}),
  });
  const links = (
    domain && row.companyId ? [{ companyId: row.companyId, role: null, isPrimary: true }] : prepared.links
  ).map((l) => ({ ...l, contactId: row.id }));
  await store.insertLinks(tx, principal.workspaceId, links);
  const dto = toContactDto(row, links);
  await recordChange(tx, {
    workspaceId: principal.workspaceId,
    object: OBJECT,
    recordId: dto.id,
    event: "created",
    changes: diffFields(null, snapshot(dto), CONTACT_HISTORY_FIELDS),
    actor: actorOf(principal),
    payload: { contact: dto },
  });
  return dto;
}

/**
 * Creates one contact; unless `allowDuplicate`, a likely duplicate of an existing one (same email,
 * same phone, very similar name at the same company or work domain) is refused with a 409 naming
 * the candidates. Batch creates (integrations, imports) are not checked.
 */
export async function createContact(
  db: Db,
  principal: Principal,
  input: CreateContactInput,
  options: { allowDuplicate?: boolean } = {},
) {
  return db.transaction(async (tx) => {
    if (!options.allowDuplicate) {
      const country = input.phones?.length ? await workspaceDefaultCountry(tx, principal.workspaceId) : null;
      const candidates = await contactDuplicates(tx, principal.workspaceId, {
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        emails: (input.emails ?? []).map((e) => e.value.trim().toLowerCase()),
        phones: (input.phones ?? []).flatMap((p) => {
          const e164 = toE164(p.value, country);
          return e164 ? [e164] : [];
        }),
        companyIds: (input.companies ?? []).map((c) => c.companyId),
        birthday: input.birthday ?? null,
        postalCode: input.address?.postalCode ?? null,
        street: input.address?.street ?? null,
      });
      assertNotDuplicate(OBJECT, candidates);
    }
    const [prepared] = await validCreates(tx, principal, [input], { linkByDomain: false });
    return insertCreate(tx, principal, input, prepared!);
  });
}

export async function getContact(db: Db, principal: Principal, id: string) {
  const found = await store.findWithLinks(db, principal.workspaceId, id, {
    visible: visibleWhere(principal, "contacts"),
  });
  if (!found) throw await mergedOr(db, OBJECT, principal.workspaceId, id, "read", notFound("contact"));
  return toContactDto(found.row, found.links);
}

/** Applies a partial update; with `expectedVersion` (If-Match) a concurrent change answers 412. */
export async function updateContact(
  db: Db,
  principal: Principal,
  id: string,
  input: UpdateContactInput,
  options: { expectedVersion?: number; defs?: CustomFieldRow[] } = {},
) {
  return db.transaction(async (tx) => {
    const found = await store.findWithLinks(tx, principal.workspaceId, id, {
      lock: true,
      visible: visibleWhere(principal, "contacts"),
    });
    if (!found) throw await mergedOr(tx, OBJECT, principal.workspaceId, id, "update", notFound("contact"));
    const { row, links: linksBefore } = found;
    assertVersion(row.version, options.expectedVersion, "contact");
    const before = toContactDto(row, linksBefore);
    const ctx = await loadContext(tx, principal, [input], options.defs);
    const prepared = await prepare(tx, principal, ctx, input, { row, links: linksBefore });
    if ("errors" in prepared) throw invalidFields(prepared.errors ?? []);
    const { columns, links } = prepared;
    const changedLinks = input.companies !== undefined;
    const updated = await store.contactRecords.update(tx, principal.workspaceId, id, columns);
    if (changedLinks) await store.replaceLinks(tx, principal.workspaceId, id, links ?? []);
    const after = toContactDto(
      updated,
      (links ?? []).map((l) => ({ ...l, contactId: id })),
    );
    const changes = diffFields(snapshot(before), snapshot(after), CONTACT_HISTORY_FIELDS);
    await recordChange(tx, {
      workspaceId: principal.workspaceId,
      object: OBJECT,
      recordId: id,
      event: "updated",
      changes,
      actor: actorOf(principal),
      payload: { contact: after },
    });
    return after;
  });
}

const trash = recordTrash({
  object: OBJECT,
  permissionObject: "contacts",
  records: store.contactRecords,
  present: async (db, principal, row) =>
    toContactDto(row, await store.listLinks(db, principal.workspaceId, [row.id])),
  beforePurge: (db, principal, id) => deleteLinksToTarget(db, principal.workspaceId, { type: OBJECT, id }),
  purgedPayload: (row) => ({ displayName: row.displayName }),
});

/** Moves a contact to the trash (restorable for 30 days); its links and history stay. */
export async function trashContact(
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
export const restoreContact = trash.restore;
/** Moves many contacts to the trash in the caller's transaction (an import's undo); returns those trashed. */
export const trashContactsInBulk = trash.trashMany;
/** Deletes a trashed contact for good, and the activity and task links to it. */
export const purgeContact = trash.purge;
