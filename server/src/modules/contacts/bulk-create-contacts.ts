import type { ContactDto } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import { copyInto } from "../../platform/db/copy.ts";
import { type Db, transactionClock } from "../../platform/db/index.ts";
import { contactCompanies, contacts } from "../../platform/db/schema/index.ts";
import { newIds } from "../../platform/ids.ts";
import { recordCreatesInBulk } from "../../platform/records/changes.ts";
import { CONTACT_HISTORY_FIELDS, toContactDto } from "./contact.presenter.ts";
import type { PreparedContact } from "./contact.service.ts";
import type { ContactRow } from "./contact.store.ts";

/**
 * A row as the table's defaults fill it, the create's columns to be laid over it. A literal per row
 * (then `Object.assign`), not a spread of a shared default: spreading objects this wide builds each
 * row as a dictionary, measured at 40 µs a row, more than the rest of the row's JavaScript.
 */
function defaultRow(workspaceId: string, id: string, createdBy: string | null, now: Date): ContactRow {
  return {
    workspaceId,
    id,
    ownerId: null,
    tags: [],
    custom: {},
    createdAt: now,
    createdBy,
    updatedAt: now,
    updatedBy: null,
    deletedAt: null,
    deletedBy: null,
    version: 1,
    firstName: null,
    lastName: null,
    displayName: "",
    emails: [],
    phones: [],
    email: null,
    phone: null,
    jobTitle: null,
    address: null,
    birthday: null,
    social: {},
    lifecycleStage: null,
    leadSource: null,
    description: null,
    companyId: null,
    mergedIntoId: null,
    searchText: "",
  };
}

/**
 * Writes contacts already validated by `prepareCreates`, each table with one COPY: the rows, their
 * company links, their field history and one `contact.created` outbox event each (the payload the
 * single create writes, so webhooks and automation see an imported contact as any other). For large
 * batches: an import's chunk, which its caller audits as a whole, or the API's batch, which asks
 * for an audit entry per contact (`audit`).
 */
export async function bulkCreateContacts(
  tx: Db,
  principal: Principal,
  prepared: PreparedContact[],
  options: { audit?: boolean } = {},
): Promise<ContactDto[]> {
  if (prepared.length === 0) return [];
  // The transaction's clock, which the columns' now() defaults write, for the DTO in each event.
  const now = await transactionClock(tx);
  const ids = newIds(prepared.length);
  const rows: ContactRow[] = prepared.map(({ columns }, i) => {
    const row = Object.assign(defaultRow(principal.workspaceId, ids[i]!, principal.userId, now), columns);
    row.displayName = columns.displayName!;
    return row;
  });
  // The generated search text is PostgreSQL's to compute, the timestamps its clock's.
  await copyInto(tx, contacts, rows, { except: ["searchText", "createdAt", "updatedAt"] });
  const links = rows.map((row, i) => prepared[i]!.links.map((l) => ({ ...l, contactId: row.id })));
  await copyInto(
    tx,
    contactCompanies,
    links.flat().map((l) => ({ ...l, workspaceId: principal.workspaceId })),
  );
  const dtos = rows.map((row, i) => toContactDto(row, links[i]!));
  await recordCreatesInBulk(tx, principal, "contact", dtos, CONTACT_HISTORY_FIELDS, options);
  return dtos;
}
