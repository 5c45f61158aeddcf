import { PassThrough, type Readable } from "node:stream";
import type { ActivityDto } from "@rapport/core";
import { strToU8, Zip, ZipDeflate } from "fflate";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { revealSealed } from "../../platform/crypto/sealed-values.ts";
import type { Db } from "../../platform/db/index.ts";
import { byList } from "../../platform/records/embed.ts";
import { listActivities } from "../activities/activity.query.ts";
import { companiesById } from "../companies/company.query.ts";
import { getContact } from "../contacts/contact.service.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import { listDeals } from "../deals/deal.query.ts";
import { listTasks } from "../tasks/task.query.ts";
import { getTimeline } from "../timeline/timeline.service.ts";
import * as store from "./privacy.store.ts";

const activitiesById = byList(listActivities);
const dealsById = byList(listDeals);
const tasksById = byList(listTasks);

/** Every page of the contact's timeline, oldest last as the API answers it. */
async function wholeTimeline(db: Db, principal: Principal, id: string) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await getTimeline(db, principal, "contacts", id, {
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Zips named files into a stream (each deflated). */
function zipStream(files: [string, string][]): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  for (const [name, text] of files) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(strToU8(text), true);
  }
  zip.end();
  return out;
}

/**
 * Everything held about a contact, for a data subject access request (GDPR art. 15 and 20): its
 * fields (custom ones with their labels), field history, activities and notes, deals, tasks, the
 * companies it belongs to and its timeline, as JSON files in one ZIP with a README. Audited as
 * `privacy.exported`.
 */
export async function exportPersonalData(
  db: Db,
  principal: Principal,
  id: string,
): Promise<{ filename: string; body: Readable }> {
  const contact = await getContact(db, principal, id);
  const ws = principal.workspaceId;
  const [defs, history, related, timeline] = await Promise.all([
    listCustomFields(db, ws, "contacts"),
    store.historyOf(db, ws, "contact", [id]),
    store.relatedIds(db, ws, id),
    wholeTimeline(db, principal, id),
  ]);
  const [activities, deals, tasks, companies] = await Promise.all([
    activitiesById(db, principal, related.activities),
    dealsById(db, principal, related.deals),
    tasksById(db, principal, related.tasks),
    companiesById(
      db,
      principal,
      contact.companies.map((c) => c.companyId),
    ),
  ]);
  const allActivities = [...activities.values()] as ActivityDto[];
  const sections = {
    "contact.json": {
      contact,
      customFields: defs.map((d) => ({
        key: d.key,
        label: d.label,
        sensitive: d.sensitive,
        value: contact.custom[d.key] ?? null,
      })),
    },
    "field-history.json": history,
    "notes.json": allActivities.filter((a) => a.type === "note"),
    "activities.json": allActivities.filter((a) => a.type !== "note"),
    "deals.json": [...deals.values()],
    "tasks.json": [...tasks.values()],
    "companies.json": [...companies.values()],
    "timeline.json": timeline,
  };
  const counts = Object.fromEntries(
    Object.entries(sections).map(([name, v]) => [name, Array.isArray(v) ? v.length : 1]),
  );
  const generatedAt = new Date().toISOString();
  const readme = [
    `Personal data held about ${contact.displayName} (contact ${contact.id})`,
    `Generated ${generatedAt} by Rapport.`,
    "",
    "contact.json        the contact's fields, with each custom field's label and value",
    "field-history.json  every recorded change to those fields: field, old value, new value, when",
    "notes.json          notes about the contact",
    "activities.json     calls, meetings and emails with the contact",
    "deals.json          deals the contact takes part in",
    "tasks.json          tasks about the contact",
    "companies.json      the companies the contact belongs to",
    "timeline.json       the contact's timeline as shown in Rapport",
    "",
    "Rapport stores no files for contacts, so this archive holds none.",
    "",
  ].join("\r\n");
  await audit(db, {
    workspaceId: ws,
    action: "privacy.exported",
    actor: auditActorOf(principal),
    target: { type: "contact", id },
    details: { files: counts },
  });
  const files: [string, string][] = [
    ["README.txt", readme],
    ...Object.entries(sections).map(([name, value]): [string, string] => [name, json(revealSealed(value))]),
  ];
  const day = generatedAt.slice(0, 10);
  return { filename: `personal-data-${id}-${day}.zip`, body: zipStream(files) };
}
