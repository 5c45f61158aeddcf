import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  createTestApp,
  expectTenantIsolation,
  PASSWORD,
  queryRows,
  signUp,
  type TestApp,
  uniqueEmail,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
const anonymous = () => new Caller(t.app);

describe("invitations", () => {
  it("lets an admin invite someone who accepts with a new account", async () => {
    const owner = await signUp(t.app, { workspaceName: "Initech" });
    const email = uniqueEmail("New.Hire");
    const created = await owner.caller.post("/api/v1/invitations", {
      email: email.toUpperCase(),
      role: "sales_rep",
    });
    expect(created.statusCode).toBe(201);
    const invitation = created.json();
    expect(invitation).toMatchObject({
      email: email.toLowerCase(),
      role: "sales_rep",
      invitedBy: { name: "Olive Owner" },
    });
    expect(invitation.url).toBe(`http://rapport.test/invite/${invitation.token}`);

    const listed = await owner.caller.get("/api/v1/invitations");
    expect(listed.json().data).toHaveLength(1);
    expect(listed.json().data[0]).not.toHaveProperty("token");

    const lookup = await anonymous().get(`/api/v1/invitations/lookup?token=${invitation.token}`);
    expect(lookup.json()).toMatchObject({
      workspaceName: "Initech",
      email: email.toLowerCase(),
      userExists: false,
    });

    const noName = await anonymous().post("/api/v1/invitations/accept", {
      token: invitation.token,
      password: PASSWORD,
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0].path).toBe("name");

    const accepted = await anonymous().post("/api/v1/invitations/accept", {
      token: invitation.token,
      name: "Peter Gibbons",
      password: PASSWORD,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      workspace: { name: "Initech" },
      role: "sales_rep",
      user: { name: "Peter Gibbons" },
    });
    expect((await owner.caller.get("/api/v1/invitations")).json().data).toHaveLength(0);
    const members = (await owner.caller.get("/api/v1/members")).json().data;
    expect(members.map((m: { role: string }) => m.role)).toEqual(["owner", "sales_rep"]);

    const reused = await anonymous().post("/api/v1/invitations/accept", {
      token: invitation.token,
      name: "X",
      password: PASSWORD,
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe("token_used");
    expect((await anonymous().get(`/api/v1/invitations/lookup?token=${invitation.token}`)).statusCode).toBe(
      409,
    );
  });

  it("joins an existing account only with its password", async () => {
    const owner = await signUp(t.app);
    const other = await signUp(t.app, { workspaceName: "Elsewhere" });
    const { token } = (
      await owner.caller.post("/api/v1/invitations", { email: other.email, role: "read_only" })
    ).json();
    expect((await anonymous().get(`/api/v1/invitations/lookup?token=${token}`)).json().userExists).toBe(true);

    const wrong = await anonymous().post("/api/v1/invitations/accept", {
      token,
      password: "not the password",
    });
    expect(wrong.statusCode).toBe(401);
    expect((await owner.caller.get("/api/v1/members")).json().data).toHaveLength(1);

    const ok = await anonymous().post("/api/v1/invitations/accept", { token, password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().workspaces).toHaveLength(2);
  });

  it("refuses to invite a member again, and replaces an earlier pending link", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const again = await owner.caller.post("/api/v1/invitations", { email: member.email, role: "sales_rep" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "already_member", errors: [{ path: "email" }] });

    const email = uniqueEmail("twice");
    const first = (await owner.caller.post("/api/v1/invitations", { email, role: "sales_rep" })).json();
    const second = (await owner.caller.post("/api/v1/invitations", { email, role: "admin" })).json();
    expect((await anonymous().get(`/api/v1/invitations/lookup?token=${first.token}`)).statusCode).toBe(404);
    expect((await anonymous().get(`/api/v1/invitations/lookup?token=${second.token}`)).json().role).toBe(
      "admin",
    );
  });

  it("answers 404 for a revoked link and 410 for an expired one", async () => {
    const owner = await signUp(t.app);
    const revoked = (
      await owner.caller.post("/api/v1/invitations", { email: uniqueEmail(), role: "sales_rep" })
    ).json();
    expect((await owner.caller.delete(`/api/v1/invitations/${revoked.id}`)).statusCode).toBe(204);
    expect((await owner.caller.delete(`/api/v1/invitations/${revoked.id}`)).statusCode).toBe(404);
    const r = await anonymous().post("/api/v1/invitations/accept", {
      token: revoked.token,
      name: "X",
      password: PASSWORD,
    });
    expect(r.statusCode).toBe(404);

    const expired = (
      await owner.caller.post("/api/v1/invitations", { email: uniqueEmail(), role: "sales_rep" })
    ).json();
    await queryRows(
      t.database,
      "update invitations set expires_at = now() - interval '1 second' where id = $1",
      [expired.id],
    );
    const e = await anonymous().post("/api/v1/invitations/accept", {
      token: expired.token,
      name: "X",
      password: PASSWORD,
    });
    expect(e.statusCode).toBe(410);
    expect(e.json().code).toBe("token_expired");
  });

  it("is for admins: members get 403 and an owner invitation is refused", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const denied = await member.caller.post("/api/v1/invitations", {
      email: uniqueEmail(),
      role: "read_only",
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain("admin");
    expect((await member.caller.get("/api/v1/invitations")).statusCode).toBe(403);
    const admin = await addMember(t.app, owner, "admin");
    const asOwner = await admin.caller.post("/api/v1/invitations", { email: uniqueEmail(), role: "owner" });
    expect(asOwner.statusCode).toBe(400);
    expect(asOwner.json().errors[0].path).toBe("role");
  });

  it("keeps invitations inside their workspace", async () => {
    const owner = await signUp(t.app);
    await expectTenantIsolation(t.app, owner, {
      method: "DELETE",
      create: async (o) =>
        `/api/v1/invitations/${(await o.caller.post("/api/v1/invitations", { email: uniqueEmail(), role: "sales_rep" })).json().id}`,
    });
    expect((await owner.caller.get("/api/v1/invitations")).json().data).toHaveLength(1);
  });
});
