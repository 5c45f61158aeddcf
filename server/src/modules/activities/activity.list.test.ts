import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";
import { listActivitiesForRecord } from "./activity.store.ts";
import { createLinkTargets } from "./link-targets.fixtures.ts";

let t: TestApp;
let owner: SignedIn;
let ada: Awaited<ReturnType<typeof createLinkTargets>>;
let alan: Awaited<ReturnType<typeof createLinkTargets>>;

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Activity lists" });
  await owner.caller.post("/api/v1/fields/activities", { label: "Sentiment", type: "number" });
  ada = await createLinkTargets(t, owner, { lastName: "Lovelace", company: "Engines", deal: "Analytical" });
  alan = await createLinkTargets(t, owner, {
    firstName: "Alan",
    lastName: "Turing",
    company: "Bletchley",
    deal: "Bombe",
  });
  const response = await owner.caller.post("/api/v1/activities/batch", {
    create: [
      {
        type: "note",
        subject: "Ada note",
        body: "<p>Loves <b>engines</b></p>",
        occurredAt: "2026-01-01T09:00:00Z",
        links: [{ type: "contact", id: ada.contactId }],
        custom: { sentiment: 5 },
      },
      {
        type: "call",
        subject: "Ada call",
        occurredAt: "2026-01-03T09:00:00Z",
        direction: "inbound",
        durationSeconds: 600,
        links: [
          { type: "contact", id: ada.contactId },
          { type: "company", id: ada.companyId },
        ],
        tags: ["hot"],
      },
      {
        type: "meeting",
        subject: "Alan meeting",
        occurredAt: "2026-01-02T09:00:00Z",
        links: [
          { type: "contact", id: alan.contactId },
          { type: "deal", id: alan.dealId },
        ],
      },
      {
        type: "email",
        subject: "Deal email",
        occurredAt: "2026-01-04T09:00:00Z",
        email: { from: "me@rapport.test", to: ["ada@example.com"] },
        links: [{ type: "deal", id: ada.dealId }],
        custom: { sentiment: 2 },
      },
    ],
  });
  if (response.statusCode !== 200) throw new Error(response.body);
});
afterAll(() => t.close());

async function subjects(filter?: unknown, sort?: string) {
  const params = new URLSearchParams();
  if (filter !== undefined) params.set("filter", JSON.stringify(filter));
  if (sort) params.set("sort", sort);
  const response = await owner.caller.get(`/api/v1/activities?${params}`);
  if (response.statusCode !== 200) throw new Error(response.body);
  return response.json().data.map((a: { subject: string }) => a.subject);
}

describe("activities: list", () => {
  it("lists newest first by default and sorts on request", async () => {
    expect(await subjects()).toEqual(["Deal email", "Ada call", "Alan meeting", "Ada note"]);
    expect(await subjects(undefined, "subject")).toEqual([
      "Ada call",
      "Ada note",
      "Alan meeting",
      "Deal email",
    ]);
    const bad = await owner.caller.get("/api/v1/activities?sort=body");
    expect(bad.statusCode).toBe(400);
  });

  it("filters through linked contacts, companies and deals", async () => {
    expect(await subjects({ field: "contacts.lastName", op: "eq", value: "lovelace" })).toEqual([
      "Ada call",
      "Ada note",
    ]);
    expect(await subjects({ field: "companies.name", op: "startsWith", value: "Eng" })).toEqual(["Ada call"]);
    expect(await subjects({ field: "deals.name", op: "in", value: ["Bombe", "Analytical"] })).toEqual([
      "Deal email",
      "Alan meeting",
    ]);
    expect(
      await subjects({
        and: [
          { field: "contacts.firstName", op: "eq", value: "Ada" },
          { not: { field: "type", op: "eq", value: "note" } },
        ],
      }),
    ).toEqual(["Ada call"]);
  });

  it("filters on its own fields, tags and custom values", async () => {
    expect(await subjects({ field: "type", op: "in", value: ["call", "meeting"] })).toEqual([
      "Ada call",
      "Alan meeting",
    ]);
    expect(await subjects({ field: "body", op: "contains", value: "engines" })).toEqual(["Ada note"]);
    expect(await subjects({ field: "durationSeconds", op: "gte", value: 300 })).toEqual(["Ada call"]);
    expect(await subjects({ field: "direction", op: "eq", value: "inbound" })).toEqual(["Ada call"]);
    expect(
      await subjects({
        field: "occurredAt",
        op: "between",
        value: ["2026-01-02T00:00:00Z", "2026-01-03T23:00:00Z"],
      }),
    ).toEqual(["Ada call", "Alan meeting"]);
    expect(await subjects({ field: "tags", op: "contains", value: "hot" })).toEqual(["Ada call"]);
    expect(await subjects({ field: "ownerId", op: "eq", value: "me" })).toHaveLength(4);
    expect(await subjects({ field: "custom.sentiment", op: "gt", value: 3 })).toEqual(["Ada note"]);
    expect(await subjects(undefined, "custom.sentiment")).toEqual([
      "Deal email",
      "Ada note",
      "Ada call",
      "Alan meeting",
    ]);
    const unknown = await owner.caller.get(
      `/api/v1/activities?filter=${encodeURIComponent(JSON.stringify({ field: "contacts.shoeSize", op: "eq", value: 1 }))}`,
    );
    expect(unknown.statusCode).toBe(400);
  });

  it("pages with a cursor and counts, also through POST /query", async () => {
    const first = await owner.caller.post("/api/v1/activities/query", { limit: 3, count: true });
    expect(first.json().total).toBe(4);
    expect(first.json().data).toHaveLength(3);
    const second = await owner.caller.post("/api/v1/activities/query", {
      limit: 3,
      cursor: first.json().nextCursor,
    });
    expect(second.json().data.map((a: { subject: string }) => a.subject)).toEqual(["Ada note"]);
    expect(second.json().nextCursor).toBeNull();
    const mismatched = await owner.caller.post("/api/v1/activities/query", {
      limit: 3,
      sort: "subject",
      cursor: first.json().nextCursor,
    });
    expect(mismatched.statusCode).toBe(400);
  });
});

describe("activities: timeline helper", () => {
  it("lists the live activities of one record, newest first, paging back with `before`", async () => {
    const db = t.database.db;
    const workspaceId = owner.session.workspace.id;
    const all = await listActivitiesForRecord(db, workspaceId, "contact", ada.contactId, { limit: 10 });
    expect(all.map((a) => a.subject)).toEqual(["Ada call", "Ada note"]);
    const older = await listActivitiesForRecord(db, workspaceId, "contact", ada.contactId, {
      before: all[0]!.occurredAt,
      limit: 10,
    });
    expect(older.map((a) => a.subject)).toEqual(["Ada note"]);
    await owner.caller.delete(`/api/v1/activities/${all[0]!.id}`);
    const live = await listActivitiesForRecord(db, workspaceId, "contact", ada.contactId, { limit: 10 });
    expect(live.map((a) => a.subject)).toEqual(["Ada note"]);
    await owner.caller.post(`/api/v1/activities/${all[0]!.id}/restore`);
    const elsewhere = await listActivitiesForRecord(
      db,
      "01900000-0000-7000-8000-000000000000",
      "contact",
      ada.contactId,
      {
        limit: 10,
      },
    );
    expect(elsewhere).toEqual([]);
  });
});
