import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("workspace and members", () => {
  it("lets admins rename the workspace and refuses members", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    expect((await member.caller.patch("/api/v1/workspace", { name: "Mine now" })).statusCode).toBe(403);
    const renamed = await owner.caller.patch("/api/v1/workspace", { name: "Renamed Inc" });
    expect(renamed.statusCode).toBe(200);
    expect((await member.caller.get("/api/v1/workspace")).json().name).toBe("Renamed Inc");
    const blank = await owner.caller.patch("/api/v1/workspace", { name: " " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].path).toBe("name");
  });

  it("changes roles under the owner rules and never leaves a workspace without an owner", async () => {
    const owner = await signUp(t.app);
    const admin = await addMember(t.app, owner, "admin");
    const member = await addMember(t.app, owner, "sales_rep");

    const promote = await admin.caller.patch(`/api/v1/members/${member.session.user.id}`, { role: "admin" });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().role).toBe("admin");
    expect((await member.caller.get("/api/v1/auth/session")).json().role).toBe("admin");

    const makeOwner = await admin.caller.patch(`/api/v1/members/${member.session.user.id}`, {
      role: "owner",
    });
    expect(makeOwner.statusCode).toBe(403);
    const demoteOwner = await admin.caller.patch(`/api/v1/members/${owner.session.user.id}`, {
      role: "sales_rep",
    });
    expect(demoteOwner.statusCode).toBe(403);

    const lastOwner = await owner.caller.patch(`/api/v1/members/${owner.session.user.id}`, { role: "admin" });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().code).toBe("last_owner");

    expect(
      (await owner.caller.patch(`/api/v1/members/${admin.session.user.id}`, { role: "owner" })).statusCode,
    ).toBe(200);
    expect(
      (await owner.caller.patch(`/api/v1/members/${owner.session.user.id}`, { role: "admin" })).statusCode,
    ).toBe(200);

    const badRole = await admin.caller.patch(`/api/v1/members/${member.session.user.id}`, {
      role: "emperor",
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors[0].path).toBe("role");
  });

  it("removes a member, whose session in this workspace ends; anyone may leave", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await member.caller.delete(`/api/v1/members/${viewer.session.user.id}`)).statusCode).toBe(403);
    expect((await owner.caller.delete(`/api/v1/members/${member.session.user.id}`)).statusCode).toBe(204);
    expect((await member.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await viewer.caller.delete(`/api/v1/members/${viewer.session.user.id}`)).statusCode).toBe(204);
    const onlyOwner = await owner.caller.delete(`/api/v1/members/${owner.session.user.id}`);
    expect(onlyOwner.statusCode).toBe(409);
    expect((await owner.caller.get("/api/v1/members")).json().data).toHaveLength(1);
  });

  it("keeps members inside their workspace", async () => {
    const owner = await signUp(t.app);
    const create = async (o: typeof owner) =>
      `/api/v1/members/${(await addMember(t.app, o, "sales_rep")).session.user.id}`;
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { role: "read_only" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    const roles = (await owner.caller.get("/api/v1/members"))
      .json()
      .data.map((m: { role: string }) => m.role);
    expect(roles).toEqual(["owner", "sales_rep", "sales_rep"]);
  });
});

describe("contact lifecycle stages", () => {
  it("starts with the default stages, and contacts, filters and admins follow the workspace's own list", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const initial = (await owner.caller.get("/api/v1/workspace")).json();
    expect(initial.lifecycleStages.map((s: { key: string }) => s.key)).toEqual([
      "subscriber",
      "lead",
      "qualified_lead",
      "opportunity",
      "customer",
      "evangelist",
      "other",
    ]);

    const stages = [
      { key: "lead", label: "New lead" },
      { key: "trial", label: "On a trial" },
      { key: "customer", label: "Customer" },
    ];
    expect((await member.caller.patch("/api/v1/workspace", { lifecycleStages: stages })).statusCode).toBe(
      403,
    );
    const changed = await owner.caller.patch("/api/v1/workspace", { lifecycleStages: stages });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().lifecycleStages).toEqual(stages);
    expect((await member.caller.get("/api/v1/auth/session")).json().workspace.lifecycleStages).toEqual(
      stages,
    );

    const trial = await member.caller.post("/api/v1/contacts", {
      lastName: "Trialist",
      lifecycleStage: "trial",
    });
    expect(trial.statusCode).toBe(201);
    const removedStage = await member.caller.post("/api/v1/contacts", {
      lastName: "Old",
      lifecycleStage: "evangelist",
    });
    expect(removedStage.statusCode).toBe(400);
    expect(removedStage.json().errors[0]).toMatchObject({ path: "lifecycleStage" });
    expect(removedStage.json().errors[0].message).toContain("lead, trial, customer");

    const filter = (value: string) =>
      member.caller.get(
        `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify({ field: "lifecycleStage", op: "eq", value }))}`,
      );
    expect((await filter("trial")).json().data.map((c: { id: string }) => c.id)).toEqual([trial.json().id]);
    const unknown = await filter("evangelist");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe("filter.value");
  });

  it("refuses to remove a stage contacts are at, names it, and changes nothing", async () => {
    const owner = await signUp(t.app);
    const lead = await owner.caller.post("/api/v1/contacts", { lastName: "Lead", lifecycleStage: "lead" });
    await owner.caller.delete(`/api/v1/contacts/${lead.json().id}`);
    const attempt = await owner.caller.patch("/api/v1/workspace", {
      name: "Renamed too",
      lifecycleStages: [{ key: "customer", label: "Customer" }],
    });
    expect(attempt.statusCode).toBe(409);
    expect(attempt.json().errors[0].path).toBe("lifecycleStages");
    expect(attempt.json().detail).toContain("1 at 'Lead' (lead)");
    const unchanged = (await owner.caller.get("/api/v1/workspace")).json();
    expect(unchanged.lifecycleStages).toHaveLength(7);
    expect(unchanged.name).not.toBe("Renamed too");

    // Renaming the label of a stage in use is fine: contacts keep the key.
    const relabelled = await owner.caller.patch("/api/v1/workspace", {
      lifecycleStages: [
        { key: "lead", label: "Prospect" },
        { key: "customer", label: "Customer" },
      ],
    });
    expect(relabelled.statusCode).toBe(200);
  });

  it("names the item of a malformed stage list", async () => {
    const owner = await signUp(t.app);
    const twice = await owner.caller.patch("/api/v1/workspace", {
      lifecycleStages: [
        { key: "lead", label: "Lead" },
        { key: "lead", label: "Lead again" },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].path).toBe("lifecycleStages[1].key");
    const badKey = await owner.caller.patch("/api/v1/workspace", {
      lifecycleStages: [{ key: "Big Lead", label: "Lead" }],
    });
    expect(badKey.json().errors[0].path).toBe("lifecycleStages[0].key");
    const none = await owner.caller.patch("/api/v1/workspace", { lifecycleStages: [] });
    expect(none.json().errors[0].path).toBe("lifecycleStages");
  });
});
