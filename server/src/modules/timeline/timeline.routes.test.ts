import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function contactWithHistory(owner: SignedIn) {
  const contact = (
    await owner.caller.post("/api/v1/contacts", { firstName: "Tim", lastName: "Line", jobTitle: "Buyer" })
  ).json();
  await owner.caller.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: "Head buyer" });
  return contact;
}

describe("timeline", () => {
  it("merges changes, activities, tasks, deals and stage moves, newest first", async () => {
    const owner = await signUp(t.app);
    const contact = await contactWithHistory(owner);
    const call = await owner.caller.post("/api/v1/activities", {
      type: "call",
      subject: "Discovery call",
      direction: "outbound",
      durationSeconds: 600,
      occurredAt: new Date(Date.now() + 60_000).toISOString(),
      links: [{ type: "contact", id: contact.id }],
    });
    expect(call.statusCode, call.body).toBe(201);
    const task = await owner.caller.post("/api/v1/tasks", {
      title: "Send proposal",
      links: [{ type: "contact", id: contact.id }],
    });
    expect(task.statusCode, task.body).toBe(201);
    const deal = await owner.caller.post("/api/v1/deals", {
      name: "Big one",
      amount: 5000,
      contacts: [{ contactId: contact.id }],
    });
    expect(deal.statusCode, deal.body).toBe(201);
    const pipeline = (await owner.caller.get(`/api/v1/pipelines/${deal.json().pipelineId}`)).json();
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === "won");
    expect(
      (await owner.caller.patch(`/api/v1/deals/${deal.json().id}`, { stageId: won.id })).statusCode,
    ).toBe(200);

    const response = await owner.caller.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().data as {
      kind: string;
      at: string;
      event?: string;
      changes?: { field: string }[];
    }[];
    expect(items[0]).toMatchObject({ kind: "activity", activity: { subject: "Discovery call" } });
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(["activity", "task", "deal", "stage_change", "change"]),
    );
    const changes = items.filter((i) => i.kind === "change");
    expect(changes.map((c) => c.event)).toEqual(["updated", "created"]);
    expect(changes[0]!.changes).toEqual([{ field: "jobTitle", oldValue: "Buyer", newValue: "Head buyer" }]);
    const times = items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);

    const onlyChanges = await owner.caller.get(`/api/v1/contacts/${contact.id}/timeline?kinds=change`);
    expect(onlyChanges.json().data).toHaveLength(2);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}/timeline?kinds=gossip`)).statusCode).toBe(
      400,
    );

    const dealTimeline = (await owner.caller.get(`/api/v1/deals/${deal.json().id}/timeline`)).json().data;
    expect(dealTimeline.some((i: { kind: string }) => i.kind === "stage_change")).toBe(true);
  });

  it("pages through a busy record without gaps or repeats", async () => {
    const owner = await signUp(t.app);
    const contact = await contactWithHistory(owner);
    for (let i = 0; i < 12; i++)
      await owner.caller.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: `Title ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/v1/contacts/${contact.id}/timeline?limit=5${cursor ? `&cursor=${cursor}` : ""}`;
      const body = (await owner.caller.get(url)).json() as {
        data: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...body.data.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(14);
    expect(new Set(seen).size).toBe(14);
    expect(
      (await owner.caller.get(`/api/v1/contacts/${contact.id}/timeline?cursor=garbage`)).statusCode,
    ).toBe(400);
  });

  it("lists field history with the actor", async () => {
    const owner = await signUp(t.app);
    const contact = await contactWithHistory(owner);
    const history = (await owner.caller.get(`/api/v1/contacts/${contact.id}/history?limit=2`)).json();
    expect(history.data[0]).toMatchObject({
      field: "jobTitle",
      oldValue: "Buyer",
      newValue: "Head buyer",
      actor: { userId: owner.session.user.id },
    });
    expect(history.nextCursor).not.toBeNull();
    const rest = (
      await owner.caller.get(`/api/v1/contacts/${contact.id}/history?cursor=${history.nextCursor}`)
    ).json();
    expect(rest.data.map((h: { field: string }) => h.field).sort()).toEqual([
      "firstName",
      "jobTitle",
      "lastName",
    ]);
  });

  it("answers 404 for trashed, unknown and other workspaces' records; viewers may read", async () => {
    const owner = await signUp(t.app);
    const contact = await contactWithHistory(owner);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await viewer.caller.get(`/api/v1/contacts/${contact.id}/timeline`)).statusCode).toBe(200);
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async (o) => `/api/v1/contacts/${(await contactWithHistory(o)).id}/timeline`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async (o) => `/api/v1/contacts/${(await contactWithHistory(o)).id}/history`,
    });
    await owner.caller.delete(`/api/v1/contacts/${contact.id}`);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}/timeline`)).statusCode).toBe(404);
    expect(
      (await owner.caller.get("/api/v1/planets/01900000-0000-7000-8000-000000000000/timeline")).statusCode,
    ).toBe(400);
  });
});
