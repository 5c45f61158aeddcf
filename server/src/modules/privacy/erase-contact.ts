import { isDeepStrictEqual } from "node:util";
import { ERASE_CONFIRMATION, ERASED_CONTACT_NAME, type ErasureDto } from "@rapport/core";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { actorOf, recordChange } from "../../platform/records/changes.ts";
import { toContactDto } from "../contacts/contact.presenter.ts";
import { listLinks } from "../contacts/contact.store.ts";
import { contactSearchWords, forgetSearchWords } from "../search/search.store.ts";
import * as store from "./privacy.store.ts";
import { identifierPattern, identifiersOf, scrubJson, scrubText } from "./scrub.ts";

/** The contact's history fields that hold personal data; owner, stage, tags and links stay. */
const PERSONAL_HISTORY_FIELDS = [
  "firstName",
  "lastName",
  "displayName",
  "emails",
  "phones",
  "email",
  "phone",
  "jobTitle",
  "address",
  "birthday",
  "social",
  "leadSource",
  "description",
  "custom",
];

const scrubOrNull = (text: string | null, pattern: RegExp | null) =>
  text === null ? null : scrubText(text, pattern);

/**
 * Erases a contact's personal data everywhere it is held (GDPR art. 17), irreversibly: the contact's
 * own fields and custom values, its field history's values, the activities, tasks and deals that
 * name it (names, emails and phones replaced in their text and history), the event payloads and
 * notifications about them; search follows from the columns it is computed from. The record stays,
 * as "Erased contact", so deal amounts, counts and links keep adding up. The caller confirms by
 * typing the contact's name again, or ERASE. The audit entry records that it happened and how many
 * rows were touched, never what was erased.
 */
export async function eraseContact(
  db: Db,
  principal: Principal,
  id: string,
  input: { confirm: string },
): Promise<ErasureDto> {
  return db.transaction(async (tx) => {
    const row = await store.lockContact(tx, principal.workspaceId, id);
    if (!row) throw notFound("contact");
    const confirm = input.confirm.trim();
    if (confirm !== ERASE_CONFIRMATION && confirm !== row.displayName.trim()) {
      throw new AppError(
        "validation_failed",
        `To erase this contact, type its name exactly as shown ("${row.displayName}") or the word ${ERASE_CONFIRMATION}.`,
        { errors: [{ path: "confirm", message: "Does not match the contact's name or ERASE" }] },
      );
    }
    const pattern = identifierPattern(identifiersOf(row));
    const related = await store.relatedIds(tx, principal.workspaceId, id);
    const ws = principal.workspaceId;

    const searchWords = await contactSearchWords(tx, ws, id);
    const erased = await store.anonymizeContact(tx, ws, id, ERASED_CONTACT_NAME, principal.userId);
    const blanked = await store.blankHistory(tx, ws, "contact", id, PERSONAL_HISTORY_FIELDS);

    const emails = new Set(row.emails.map((e) => e.value.toLowerCase()));
    let activities = 0;
    for (const a of await store.activitiesByIds(tx, ws, related.activities)) {
      const next: store.ActivityText = {
        id: a.id,
        subject: scrubOrNull(a.subject, pattern),
        body: scrubOrNull(a.body, pattern),
        location: scrubOrNull(a.location, pattern),
        outcome: scrubOrNull(a.outcome, pattern),
        attendees: a.attendees.map((at) =>
          at.contactId === id || (at.email && emails.has(at.email.toLowerCase()))
            ? { contactId: at.contactId, email: null, name: ERASED_CONTACT_NAME }
            : at,
        ),
        email: a.email ? (scrubJson(a.email, pattern) as typeof a.email) : null,
      };
      if (!isDeepStrictEqual(next, a)) {
        await store.updateActivityText(tx, ws, next);
        activities++;
      }
    }
    let tasks = 0;
    for (const t of await store.tasksByIds(tx, ws, related.tasks)) {
      const next = {
        id: t.id,
        title: scrubText(t.title, pattern),
        description: scrubOrNull(t.description, pattern),
      };
      if (!isDeepStrictEqual(next, t)) {
        await store.updateTaskText(tx, ws, next);
        tasks++;
      }
    }
    for (const d of await store.dealsByIds(tx, ws, related.deals)) {
      const next = {
        id: d.id,
        name: scrubText(d.name, pattern),
        description: scrubOrNull(d.description, pattern),
      };
      if (!isDeepStrictEqual(next, d)) await store.updateDealText(tx, ws, next);
    }

    // The history of the related records, and every event payload, may quote the person too.
    let history = blanked;
    for (const [object, ids] of [
      ["activity", related.activities],
      ["task", related.tasks],
      ["deal", related.deals],
    ] as const) {
      for (const h of await store.historyOf(tx, ws, object, ids)) {
        const next = {
          id: h.id,
          oldValue: scrubJson(h.oldValue, pattern),
          newValue: scrubJson(h.newValue, pattern),
        };
        if (!isDeepStrictEqual(next, { id: h.id, oldValue: h.oldValue, newValue: h.newValue })) {
          await store.updateHistoryValues(tx, ws, next);
          history++;
        }
      }
    }
    const dto = toContactDto(erased, await listLinks(tx, ws, [id]));
    let events = 0;
    const refs = [
      { object: "contact", ids: [id] },
      { object: "activity", ids: related.activities },
      { object: "task", ids: related.tasks },
      { object: "deal", ids: related.deals },
    ];
    for (const e of await store.eventsOf(tx, ws, refs)) {
      const next =
        "contact" in e.payload && (e.payload.contact as { id?: string } | null)?.id === id
          ? { ...(scrubJson(e.payload, pattern) as Record<string, unknown>), contact: dto }
          : (scrubJson(e.payload, pattern) as Record<string, unknown>);
      if (!isDeepStrictEqual(next, e.payload)) {
        await store.updateEventPayload(tx, ws, e.id, next);
        events++;
      }
    }
    for (const n of await store.notificationsAbout(tx, ws, [id, ...related.activities, ...related.tasks])) {
      const next = { id: n.id, title: scrubText(n.title, pattern), body: scrubOrNull(n.body, pattern) };
      if (!isDeepStrictEqual(next, n)) await store.updateNotificationText(tx, ws, next);
    }

    // Search corrects typos against the workspace's words: the person's go once nothing else holds them.
    await forgetSearchWords(tx, ws, searchWords);

    // Subscribers (webhooks, search, automation) learn of the erasure; no values go to history.
    await recordChange(tx, {
      workspaceId: ws,
      object: "contact",
      recordId: id,
      event: "erased",
      changes: [],
      actor: actorOf(principal),
      payload: { contact: dto },
    });
    const scrubbed = { fieldHistory: history, activities, tasks, events };
    await audit(tx, {
      workspaceId: ws,
      action: "privacy.erased",
      actor: auditActorOf(principal),
      target: { type: "contact", id },
      details: { scrubbed },
    });
    return { id, displayName: ERASED_CONTACT_NAME, erasedAt: erased.updatedAt.toISOString(), scrubbed };
  });
}
