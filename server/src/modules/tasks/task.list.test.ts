import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTestApp, type SignedIn, signUp, type TestApp } from "../../../test/index.ts";
import { createLinkTargets } from "../activities/link-targets.fixtures.ts";
import { listTasksForRecord } from "./task.store.ts";

let t: TestApp;
let owner: SignedIn;
let member: SignedIn;
let ada: Awaited<ReturnType<typeof createLinkTargets>>;

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app, { workspaceName: "Task lists" });
  member = await addMember(t.app, owner, "sales_rep");
  ada = await createLinkTargets(t, owner, { lastName: "Lovelace", company: "Engines", deal: "Analytical" });
  const alan = await createLinkTargets(t, owner, {
    firstName: "Alan",
    lastName: "Turing",
    company: "Bletchley",
  });
  const response = await owner.caller.post("/api/v1/tasks/batch", {
    create: [
      {
        title: "Undated",
        priority: "urgent",
        links: [{ type: "company", id: alan.companyId }],
      },
      {
        title: "Call Ada",
        dueAt: "2026-02-01T10:00:00Z",
        priority: "low",
        links: [{ type: "contact", id: ada.contactId }],
      },
      {
        title: "Email Ada",
        dueDate: "2026-01-15",
        priority: "high",
        status: "done",
        links: [
          { type: "contact", id: ada.contactId },
          { type: "deal", id: ada.dealId },
        ],
      },
      {
        title: "Book Alan",
        dueAt: "2026-03-01T10:00:00Z",
        assigneeId: member.session.user.id,
        status: "in_progress",
        links: [{ type: "contact", id: alan.contactId }],
        tags: ["travel"],
      },
    ],
  });
  if (response.statusCode !== 200) throw new Error(response.body);
});
afterAll(() => t.close());

async function titles(filter?: unknown, sort?: string, as: SignedIn = owner) {
  const response = await as.caller.post("/api/v1/tasks/query", { filter, sort });
  if (response.statusCode !== 200) throw new Error(response.body);
  return response.json().data.map((x: { title: string }) => x.title);
}

describe("tasks: list", () => {
  it("sorts by due date, soonest first with undated last, by default", async () => {
    expect(await titles()).toEqual(["Email Ada", "Call Ada", "Book Alan", "Undated"]);
    expect(await titles(undefined, "-dueAt")).toEqual(["Undated", "Book Alan", "Call Ada", "Email Ada"]);
  });

  it("sorts by priority in its own order, not the alphabet", async () => {
    expect(await titles(undefined, "-priority,title")).toEqual([
      "Undated",
      "Email Ada",
      "Book Alan",
      "Call Ada",
    ]);
    expect(await titles(undefined, "priority,title")).toEqual([
      "Call Ada",
      "Book Alan",
      "Email Ada",
      "Undated",
    ]);
    expect(await titles(undefined, "title")).toEqual(["Book Alan", "Call Ada", "Email Ada", "Undated"]);
  });

  it("filters on status, priority, dates, assignee and tags", async () => {
    expect(await titles({ field: "status", op: "in", value: ["open", "in_progress"] })).toEqual([
      "Call Ada",
      "Book Alan",
      "Undated",
    ]);
    expect(await titles({ field: "priority", op: "eq", value: "urgent" })).toEqual(["Undated"]);
    expect(await titles({ field: "dueAt", op: "lt", value: "2026-02-15T00:00:00Z" })).toEqual([
      "Email Ada",
      "Call Ada",
    ]);
    expect(await titles({ field: "dueAt", op: "isEmpty" })).toEqual(["Undated"]);
    expect(await titles({ field: "completedAt", op: "isNotEmpty" })).toEqual(["Email Ada"]);
    expect(await titles({ field: "assigneeId", op: "eq", value: "me" }, undefined, member)).toEqual([
      "Book Alan",
    ]);
    expect(await titles({ field: "tags", op: "contains", value: "travel" })).toEqual(["Book Alan"]);
    const bad = await owner.caller.post("/api/v1/tasks/query", {
      filter: { field: "priority", op: "eq", value: "asap" },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("filters through linked contacts, companies and deals", async () => {
    expect(await titles({ field: "contacts.lastName", op: "eq", value: "Lovelace" })).toEqual([
      "Email Ada",
      "Call Ada",
    ]);
    expect(await titles({ field: "companies.name", op: "eq", value: "Bletchley" })).toEqual(["Undated"]);
    expect(await titles({ field: "deals.name", op: "contains", value: "analyt" })).toEqual(["Email Ada"]);
    expect(
      await titles({
        and: [
          { field: "contacts.lastName", op: "eq", value: "Lovelace" },
          { field: "status", op: "neq", value: "done" },
        ],
      }),
    ).toEqual(["Call Ada"]);
  });

  it("pages through GET with a cursor", async () => {
    const first = await owner.caller.get("/api/v1/tasks?limit=3&count=true");
    expect(first.json()).toMatchObject({ total: 4 });
    const second = await owner.caller.get(
      `/api/v1/tasks?limit=3&cursor=${encodeURIComponent(first.json().nextCursor)}`,
    );
    expect(second.json().data.map((x: { title: string }) => x.title)).toEqual(["Undated"]);
  });
});

describe("tasks: timeline helper", () => {
  it("lists the live tasks of one record, latest due first", async () => {
    const tasks = await listTasksForRecord(
      t.database.db,
      owner.session.workspace.id,
      "contact",
      ada.contactId,
      {
        limit: 10,
      },
    );
    expect(tasks.map((x) => x.title)).toEqual(["Call Ada", "Email Ada"]);
    const before = await listTasksForRecord(
      t.database.db,
      owner.session.workspace.id,
      "contact",
      ada.contactId,
      {
        before: tasks[0]!.dueAt!,
        limit: 10,
      },
    );
    expect(before.map((x) => x.title)).toEqual(["Email Ada"]);
    const deal = await listTasksForRecord(t.database.db, owner.session.workspace.id, "deal", ada.dealId, {
      limit: 10,
    });
    expect(deal.map((x) => x.title)).toEqual(["Email Ada"]);
  });
});
