import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Caller,
  cookiesFrom,
  createTestApp,
  PASSWORD,
  queryRows,
  signIn,
  signUp,
  type TestApp,
  uniqueEmail,
} from "../../../test/index.ts";
import { issuePasswordReset } from "./auth.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const anonymous = () => new Caller(t.app);

describe("sign-up", () => {
  it("creates a workspace with its owner and signs in", async () => {
    const email = uniqueEmail("Mixed.Case");
    const response = await anonymous().post("/api/v1/auth/sign-up", {
      workspaceName: "  Globex  ",
      name: "Hank Scorpio",
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user.email).toBe(email.toLowerCase());
    expect(body.workspace.name).toBe("Globex");
    expect(body.role).toBe("owner");
    const cookie = response.cookies.find((c) => c.name === "rapport_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    const session = await new Caller(t.app, cookiesFrom(response)).get("/api/v1/auth/session");
    expect(session.statusCode).toBe(200);
    expect(session.json().user.id).toBe(body.user.id);
  });

  it("answers 409 for an email already registered, whatever its case, and creates nothing", async () => {
    const owner = await signUp(t.app);
    const before = await queryRows(t.database, "select count(*)::int as n from workspaces");
    const response = await anonymous().post("/api/v1/auth/sign-up", {
      workspaceName: "Second",
      name: "Someone",
      email: owner.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status: 409, code: "email_taken", errors: [{ path: "email" }] });
    const after = await queryRows(t.database, "select count(*)::int as n from workspaces");
    expect(after).toEqual(before);
  });

  it("names every invalid field", async () => {
    const response = await anonymous().post("/api/v1/auth/sign-up", {
      workspaceName: "",
      email: "not-an-email",
      password: "short",
      colour: "blue",
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe("validation_failed");
    const paths = problem.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["colour", "email", "name", "password", "workspaceName"]);
    expect(problem.detail).toContain("password");
  });

  it("rejects malformed JSON, a body over the limit and a non-JSON body", async () => {
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-up",
      headers: { "content-type": "application/json" },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "malformed_request" });

    const huge = await anonymous().post("/api/v1/auth/sign-in", {
      email: "a@b.co",
      password: "x".repeat(2 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: "payload_too_large" });

    const form = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "email=a@b.co&password=x",
    });
    expect(form.statusCode).toBe(415);
  });

  it("refuses a sign-in posted from another site", async () => {
    const owner = await signUp(t.app);
    const response = await anonymous().post(
      "/api/v1/auth/sign-in",
      { email: owner.email, password: PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("csrf_failed");
  });
});

describe("sign-in and sessions", () => {
  it("signs in case-insensitively and answers 401 alike for a wrong password and an unknown email", async () => {
    const owner = await signUp(t.app);
    const ok = await anonymous().post("/api/v1/auth/sign-in", {
      email: owner.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(ok.statusCode).toBe(200);

    const wrong = await anonymous().post("/api/v1/auth/sign-in", {
      email: owner.email,
      password: "wrong password",
    });
    const unknown = await anonymous().post("/api/v1/auth/sign-in", {
      email: uniqueEmail("nobody"),
      password: PASSWORD,
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: "invalid_credentials" });
      expect(response.cookies).toHaveLength(0);
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it("throttles an account after repeated failures with 429 and Retry-After", async () => {
    const owner = await signUp(t.app);
    for (let i = 0; i < 10; i++) {
      const r = await anonymous().post("/api/v1/auth/sign-in", {
        email: owner.email,
        password: `wrong-${i}`,
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await anonymous().post("/api/v1/auth/sign-in", {
      email: owner.email,
      password: PASSWORD,
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(blocked.json().detail).toMatch(/Try again in \d+ minute/);
    // Another account from the same address is unaffected.
    const other = await signUp(t.app);
    expect((await signIn(t.app, other.email)).session.user.email).toBe(other.email);
  });

  it("throttles an address that tries many accounts", async () => {
    const ip = "203.0.113.7";
    for (let i = 0; i < 50; i++) {
      await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/sign-in",
        remoteAddress: ip,
        payload: { email: uniqueEmail("spray"), password: "guess" },
      });
    }
    const blocked = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      remoteAddress: ip,
      payload: { email: uniqueEmail("spray"), password: "guess" },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().detail).toContain("network address");
  });

  it("answers 401 without a session and for a made-up cookie", async () => {
    expect((await anonymous().get("/api/v1/auth/session")).statusCode).toBe(401);
    const forged = await new Caller(t.app, { cookie: "rapport_session=forged", csrf: "x" }).get(
      "/api/v1/auth/session",
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe("unauthenticated");
  });

  it("requires the CSRF token on cookie-authenticated writes and changes nothing without it", async () => {
    const owner = await signUp(t.app, { name: "Before" });
    for (const token of [undefined, "wrong-token"]) {
      const response = await t.app.inject({
        method: "PATCH",
        url: "/api/v1/me",
        headers: {
          cookie: (owner.caller.auth as { cookie: string }).cookie,
          ...(token ? { "x-csrf-token": token } : {}),
        },
        payload: { name: "After" },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe("csrf_failed");
    }
    expect((await owner.caller.get("/api/v1/auth/session")).json().user.name).toBe("Before");
    const ok = await owner.caller.patch("/api/v1/me", { name: "After" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe("After");
  });

  it("signs out: the session stops working", async () => {
    const owner = await signUp(t.app);
    const out = await owner.caller.post("/api/v1/auth/sign-out");
    expect(out.statusCode).toBe(204);
    expect((await owner.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
  });

  it("changes the password, keeps this session and ends the others", async () => {
    const owner = await signUp(t.app);
    const laptop = await signIn(t.app, owner.email);
    const wrong = await owner.caller.post("/api/v1/auth/password", {
      currentPassword: "nope",
      newPassword: "a brand new passphrase",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ path: "currentPassword", message: "Wrong password" }]);

    const weak = await owner.caller.post("/api/v1/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "short",
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe("newPassword");

    const ok = await owner.caller.post("/api/v1/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(ok.statusCode).toBe(204);
    expect((await owner.caller.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect((await laptop.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect(
      (await anonymous().post("/api/v1/auth/sign-in", { email: owner.email, password: PASSWORD })).statusCode,
    ).toBe(401);
    await signIn(t.app, owner.email, "a brand new passphrase");
  });

  it("switches between the user's workspaces, and not into others", async () => {
    const owner = await signUp(t.app, { workspaceName: "First" });
    const second = await signUp(t.app, { workspaceName: "Second" });
    const invite = await second.caller.post("/api/v1/invitations", { email: owner.email, role: "read_only" });
    await anonymous().post("/api/v1/invitations/accept", { token: invite.json().token, password: PASSWORD });

    const session = await owner.caller.get("/api/v1/auth/session");
    expect(session.json().workspaces.map((w: { name: string }) => w.name)).toEqual(["First", "Second"]);
    const switched = await owner.caller.post("/api/v1/auth/switch-workspace", {
      workspaceId: second.session.workspace.id,
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ workspace: { name: "Second" }, role: "read_only" });
    expect((await owner.caller.get("/api/v1/workspace")).json().name).toBe("Second");

    const stranger = await signUp(t.app, { workspaceName: "Stranger" });
    const denied = await owner.caller.post("/api/v1/auth/switch-workspace", {
      workspaceId: stranger.session.workspace.id,
    });
    expect(denied.statusCode).toBe(404);
  });
});

describe("password reset", () => {
  const deps = () => ({ db: t.database.db, config: t.config, log: t.app.log as never });

  it("answers 202 whether or not the account exists", async () => {
    const owner = await signUp(t.app);
    for (const email of [owner.email, uniqueEmail("ghost")]) {
      expect((await anonymous().post("/api/v1/auth/password-reset/request", { email })).statusCode).toBe(202);
    }
  });

  it("sets a new password once, ends every session, and refuses the token again", async () => {
    const owner = await signUp(t.app);
    const link = await issuePasswordReset(deps(), owner.email);
    const token = new URL(link!).searchParams.get("token")!;
    const ok = await anonymous().post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "reset passphrase 2026",
    });
    expect(ok.statusCode).toBe(204);
    expect((await owner.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
    await signIn(t.app, owner.email, "reset passphrase 2026");

    const again = await anonymous().post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "another passphrase",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("token_used");
  });

  it("answers 404 for an unknown token and 410 for an expired one", async () => {
    const unknown = await anonymous().post("/api/v1/auth/password-reset/confirm", {
      token: "x".repeat(43),
      password: "reset passphrase 2026",
    });
    expect(unknown.statusCode).toBe(404);

    const owner = await signUp(t.app);
    const token = new URL((await issuePasswordReset(deps(), owner.email))!).searchParams.get("token")!;
    await queryRows(t.database, "update password_reset_tokens set expires_at = now() - interval '1 minute'");
    const expired = await anonymous().post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "reset passphrase 2026",
    });
    expect(expired.statusCode).toBe(410);
    await signIn(t.app, owner.email);
  });
});
