import type { AuditEntryDto, AuditPage } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  createApiKey,
  createTestApp,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
  uniqueEmail,
} from "../../../test/index.ts";
import { verifyChain } from "../../platform/audit/verify.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  queryRows<T>(t.database, text, params);

async function entries(owner: SignedIn, query = ""): Promise<AuditEntryDto[]> {
  const response = await owner.caller.get(`/api/v1/audit${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as AuditPage).data;
}

async function createContact(owner: SignedIn, firstName = "Ada") {
  const response = await owner.caller.post("/api/v1/contacts", { firstName, lastName: "Lovelace" });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** Runs SQL on audit_log with its protecting trigger off, as a superuser could. */
async function tamper(statement: string, params: unknown[]) {
  await t.database.withConnection(async (runner) => {
    await runner.exec("begin");
    await runner.exec("alter table audit_log disable trigger audit_log_no_change");
    await runner.rows(statement, params);
    await runner.exec("alter table audit_log enable trigger audit_log_no_change");
    await runner.exec("commit");
  });
}

describe("audit trail", () => {
  it("records record changes linked to their field history, in an intact chain", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const patched = await owner.caller.patch(`/api/v1/contacts/${contact.id}`, { jobTitle: "Analyst" });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await owner.caller.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);

    const list = await entries(owner, `?targetId=${contact.id}`);
    expect(list.map((e) => e.action)).toEqual(["record.deleted", "record.updated", "record.created"]);
    const updated = list[1]!;
    expect(updated.target).toEqual({ type: "contact", id: contact.id });
    expect(updated.actor.userId).toBe(owner.session.user.id);
    expect(updated.details).toMatchObject({ fields: ["jobTitle"] });
    const history = await sql<{ change_id: string }>(
      "select change_id from field_history where record_id = $1 and field = 'jobTitle'",
      [contact.id],
    );
    expect(updated.details.changeId).toBe(history[0]!.change_id);
    expect(updated.ip).toBe("127.0.0.1");

    const verify = await owner.caller.get("/api/v1/audit/verify");
    expect(verify.json()).toMatchObject({ ok: true, entries: list.at(-1)!.seq + 2 });
  });

  it("records sign-ins with IP and user agent, and failures (unknown emails on the system chain)", async () => {
    const owner = await signUp(t.app);
    const ua = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";
    const anon = new Caller(t.app);
    const ok = await anon.post(
      "/api/v1/auth/sign-in",
      { email: owner.email, password: owner.password },
      { "user-agent": ua },
    );
    expect(ok.statusCode).toBe(200);
    const bad = await anon.post(
      "/api/v1/auth/sign-in",
      { email: owner.email, password: "wrong password!" },
      { "user-agent": ua },
    );
    expect(bad.statusCode).toBe(401);
    const unknown = uniqueEmail("nobody");
    expect(
      (await anon.post("/api/v1/auth/sign-in", { email: unknown, password: "whatever1" })).statusCode,
    ).toBe(401);

    const auth = await entries(owner, "?action=auth.*");
    expect(auth.map((e) => e.action)).toEqual(["auth.sign_in_failed", "auth.sign_in"]);
    expect(auth[0]).toMatchObject({
      ip: "127.0.0.1",
      userAgent: ua,
      actor: { userId: null },
      target: { type: "user", id: owner.session.user.id },
      details: { email: owner.email, reason: "wrong_password" },
    });
    expect(auth[1]).toMatchObject({
      ip: "127.0.0.1",
      userAgent: ua,
      actor: { userId: owner.session.user.id },
    });

    const system = await sql<{ details: { email: string } }>(
      "select details from audit_log where workspace_id is null and action = 'auth.sign_in_failed'",
    );
    expect(system.map((r) => r.details.email)).toContain(unknown);
    expect(await verifyChain(t.database.db, null)).toMatchObject({ ok: true });

    const signOut = await owner.caller.post("/api/v1/auth/sign-out");
    expect(signOut.statusCode).toBe(204);
    const [last] = await sql<{ action: string }>(
      "select action from audit_log where workspace_id = $1 order by seq desc limit 1",
      [owner.session.workspace.id],
    );
    expect(last!.action).toBe("auth.sign_out");
  });

  it("records role changes and API key events", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const role = await owner.caller.patch(`/api/v1/members/${member.session.user.id}`, { role: "admin" });
    expect(role.statusCode).toBe(200);
    const { key } = await createApiKey(owner, "read_only");
    expect((await owner.caller.delete(`/api/v1/api-keys/${key.id}`)).statusCode).toBe(204);

    const list = await entries(owner);
    expect(list.slice(0, 3).map((e) => [e.action, e.target?.id])).toEqual([
      ["api_key.revoked", key.id],
      ["api_key.created", key.id],
      ["member.role_changed", member.session.user.id],
    ]);
    expect(list[2]!.details).toEqual({ from: "sales_rep", to: "admin" });
  });

  it("refuses to change or delete entries, and verify names the first broken link", async () => {
    const owner = await signUp(t.app);
    for (const name of ["A", "B", "C", "D"]) await createContact(owner, name);
    const ws = owner.session.workspace.id;
    await expect(sql("update audit_log set action = 'x' where workspace_id = $1", [ws])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql("delete from audit_log where workspace_id = $1", [ws])).rejects.toThrow(/append-only/);
    expect((await owner.caller.get("/api/v1/audit/verify")).json()).toMatchObject({ ok: true, entries: 4 });

    // Altered: an entry's details are rewritten behind the trigger's back.
    await tamper(
      `update audit_log set details = '{"fields":["forged"]}' where workspace_id = $1 and seq = 2`,
      [ws],
    );
    expect((await owner.caller.get("/api/v1/audit/verify")).json()).toEqual({
      ok: false,
      entries: 4,
      seq: 2,
      problem: "the entry was altered: its content does not match its hash",
    });
    // Re-hashed to hide it: the next entry's prev_hash gives it away.
    await tamper(
      "update audit_log set hash = audit_entry_hash(audit_log) where workspace_id = $1 and seq = 2",
      [ws],
    );
    expect((await owner.caller.get("/api/v1/audit/verify")).json()).toMatchObject({
      ok: false,
      seq: 3,
      problem: "prev_hash does not match the hash of the entry before it",
    });

    const other = await signUp(t.app);
    for (const name of ["A", "B", "C"]) await createContact(other, name);
    const ows = other.session.workspace.id;
    await tamper("delete from audit_log where workspace_id = $1 and seq = 2", [ows]);
    expect((await other.caller.get("/api/v1/audit/verify")).json()).toMatchObject({
      ok: false,
      seq: 3,
      problem: "entries 2 to 2 are missing",
    });

    const third = await signUp(t.app);
    for (const name of ["A", "B", "C"]) await createContact(third, name);
    await tamper("delete from audit_log where workspace_id = $1 and seq = 3", [third.session.workspace.id]);
    expect((await third.caller.get("/api/v1/audit/verify")).json()).toMatchObject({
      ok: false,
      seq: 3,
      problem: "entries 3 to 3 were removed from the end",
    });
  });

  it("keeps one valid chain under parallel writes", async () => {
    const owner = await signUp(t.app);
    const created = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const response = await owner.caller.post("/api/v1/contacts", { firstName: `P${i}` });
        return response.statusCode;
      }),
    );
    expect(created.every((s) => s === 201)).toBe(true);
    const batch = await owner.caller.post("/api/v1/contacts/batch", {
      create: Array.from({ length: 20 }, (_, i) => ({ firstName: `B${i}` })),
    });
    expect(batch.statusCode, batch.body).toBe(200);
    const seqs = await sql<{ seq: string }>(
      "select seq from audit_log where workspace_id = $1 order by seq",
      [owner.session.workspace.id],
    );
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    expect((await owner.caller.get("/api/v1/audit/verify")).json()).toMatchObject({ ok: true, entries: 36 });
  });

  it("filters, pages with a cursor and exports CSV, auditing the export", async () => {
    const owner = await signUp(t.app);
    for (const name of ["A", "B", "C", "D", "E"]) await createContact(owner, name);
    const first = await owner.caller.get("/api/v1/audit?action=record.created&limit=2");
    const page1 = first.json() as AuditPage;
    expect(page1.data.map((e) => e.seq)).toEqual([5, 4]);
    const page2 = (
      await owner.caller.get(`/api/v1/audit?action=record.created&limit=2&cursor=${page1.nextCursor}`)
    ).json() as AuditPage;
    expect(page2.data.map((e) => e.seq)).toEqual([3, 2]);
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect(await entries(owner, `?from=${future}`)).toEqual([]);
    expect(await entries(owner, `?actor=${owner.session.user.id}&targetType=contact`)).toHaveLength(5);

    const bad = await owner.caller.get("/api/v1/audit?action=DROP TABLE&from=yesterday");
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(["query.action", "query.from"]);

    const csv = await owner.caller.get("/api/v1/audit/export.csv?action=record.*");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toMatch(/^seq,at,action,actor_user_id/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^5,.*,record\.created,/);
    const [exported] = await entries(owner, "?action=audit.exported");
    expect(exported!.details).toEqual({ filter: { action: "record.*" } });
  });

  it("is for admins of the workspace only", async () => {
    const owner = await signUp(t.app);
    const contact = await createContact(owner);
    const member = await addMember(t.app, owner, "sales_rep");
    for (const url of ["/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export.csv"]) {
      expect((await member.caller.get(url)).statusCode, url).toBe(403);
      expect((await new Caller(t.app).get(url)).statusCode, url).toBe(401);
    }
    const admin = await addMember(t.app, owner, "admin");
    expect((await admin.caller.get("/api/v1/audit")).statusCode).toBe(200);

    const outsider = await signUp(t.app);
    expect(await entries(outsider, `?targetId=${contact.id}`)).toEqual([]);
    expect(await entries(outsider, `?actor=${owner.session.user.id}`)).toEqual([]);
    const csv = await outsider.caller.get(`/api/v1/audit/export.csv?targetId=${contact.id}`);
    expect(csv.body.trim().split("\n")).toHaveLength(1);
  });
});
