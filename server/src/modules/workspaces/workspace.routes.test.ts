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
    const member = await addMember(t.app, owner, "member");
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
    const member = await addMember(t.app, owner, "member");

    const promote = await admin.caller.patch(`/api/v1/members/${member.session.user.id}`, { role: "admin" });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().role).toBe("admin");
    expect((await member.caller.get("/api/v1/auth/session")).json().role).toBe("admin");

    const makeOwner = await admin.caller.patch(`/api/v1/members/${member.session.user.id}`, {
      role: "owner",
    });
    expect(makeOwner.statusCode).toBe(403);
    const demoteOwner = await admin.caller.patch(`/api/v1/members/${owner.session.user.id}`, {
      role: "member",
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
    const member = await addMember(t.app, owner, "member");
    const viewer = await addMember(t.app, owner, "viewer");
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
      `/api/v1/members/${(await addMember(t.app, o, "member")).session.user.id}`;
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { role: "viewer" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
    const roles = (await owner.caller.get("/api/v1/members"))
      .json()
      .data.map((m: { role: string }) => m.role);
    expect(roles).toEqual(["owner", "member", "member"]);
  });
});
