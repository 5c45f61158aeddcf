import type {
  RecoveryCodesDto,
  SessionDto,
  TwoFactorChallengeDto,
  TwoFactorEnrolmentDto,
} from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  cookiesFrom,
  createTestApp,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { timeStep, totpCode } from "../../platform/auth/totp.ts";
import { pendingToken } from "./two-factor.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function enrol(user: SignedIn): Promise<{ secret: string; step: number; recoveryCodes: string[] }> {
  const started = await user.caller.post("/api/v1/auth/two-factor/enrol");
  expect(started.statusCode, started.body).toBe(200);
  const { secret, otpauthUri } = started.json() as TwoFactorEnrolmentDto;
  expect(otpauthUri).toContain(`secret=${secret}`);
  const step = timeStep();
  const confirmed = await user.caller.post("/api/v1/auth/two-factor/confirm", {
    code: totpCode(secret, step),
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, step, recoveryCodes: (confirmed.json() as RecoveryCodesDto).recoveryCodes };
}

async function passwordStep(user: SignedIn): Promise<TwoFactorChallengeDto> {
  const response = await new Caller(t.app).post("/api/v1/auth/sign-in", {
    email: user.email,
    password: user.password,
  });
  expect(response.statusCode).toBe(200);
  expect(response.cookies).toEqual([]);
  return response.json() as TwoFactorChallengeDto;
}

const secondStep = (pendingToken: string, code: string) =>
  new Caller(t.app).post("/api/v1/auth/sign-in/two-factor", { pendingToken, code });

async function actions(workspaceId: string) {
  const rows = await queryRows<{ action: string }>(
    t.database,
    "select action from audit_log where workspace_id = $1 order by seq",
    [workspaceId],
  );
  return rows.map((r) => r.action);
}

describe("two-factor sign-in", () => {
  it("enrols with a confirmed code, then asks for a code after the password, once per code", async () => {
    const owner = await signUp(t.app);
    const wrong = await owner.caller.post("/api/v1/auth/two-factor/enrol");
    const wrongConfirm = await owner.caller.post("/api/v1/auth/two-factor/confirm", { code: "000000" });
    expect(wrong.statusCode).toBe(200);
    expect(wrongConfirm.statusCode).toBe(400);
    expect(wrongConfirm.json().errors[0].path).toBe("code");

    const { secret, step, recoveryCodes } = await enrol(owner);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const [stored] = await queryRows<{ recovery_code_hashes: string[] }>(
      t.database,
      "select recovery_code_hashes from users where id = $1",
      [owner.session.user.id],
    );
    expect(stored!.recovery_code_hashes).toHaveLength(10);
    expect(stored!.recovery_code_hashes).not.toContain(recoveryCodes[0]);
    expect((await owner.caller.post("/api/v1/auth/two-factor/enrol")).statusCode).toBe(409);

    const challenge = await passwordStep(owner);
    expect(challenge.twoFactorRequired).toBe(true);
    // The confirmation used this step's code: it cannot be used again; the next step's can.
    expect((await secondStep(challenge.pendingToken, totpCode(secret, step))).statusCode).toBe(401);
    const ok = await secondStep(challenge.pendingToken, totpCode(secret, step + 1));
    expect(ok.statusCode, ok.body).toBe(200);
    const session = ok.json() as SessionDto;
    expect(session.user.twoFactorEnabled).toBe(true);
    const caller = new Caller(t.app, cookiesFrom(ok));
    expect((await caller.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect((await secondStep(challenge.pendingToken, totpCode(secret, step + 1))).statusCode).toBe(401);

    expect(await actions(owner.session.workspace.id)).toEqual([
      "auth.two_factor_enabled",
      "auth.two_factor_failed",
      "auth.sign_in",
      "auth.two_factor_failed",
    ]);
  });

  it("takes each recovery code once, refuses forged or expired pending tokens, and throttles codes", async () => {
    const owner = await signUp(t.app);
    const { recoveryCodes } = await enrol(owner);
    const challenge = await passwordStep(owner);
    const withRecovery = await secondStep(challenge.pendingToken, recoveryCodes[3]!.toUpperCase());
    expect(withRecovery.statusCode, withRecovery.body).toBe(200);
    expect((await secondStep(challenge.pendingToken, recoveryCodes[3]!)).statusCode).toBe(401);

    const [userId, workspaceId] = challenge.pendingToken.split(".");
    const forged = `${userId}.${workspaceId}.${Date.now() + 60_000}.AAAA`;
    expect((await secondStep(forged, recoveryCodes[4]!)).json().detail).toContain("not valid");
    const expired = pendingToken(t.config.secret, userId!, workspaceId!, Date.now() - 10 * 60_000);
    expect((await secondStep(expired.token, recoveryCodes[4]!)).json().detail).toContain("expired");

    const attempts = [];
    for (let i = 0; i < 6; i++)
      attempts.push((await secondStep(challenge.pendingToken, "123456")).statusCode);
    expect(attempts).toEqual([401, 401, 401, 401, 429, 429]);
    const blocked = await secondStep(challenge.pendingToken, recoveryCodes[5]!);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBeDefined();
  });

  it("turns off with the password or a code, not with a wrong one", async () => {
    const owner = await signUp(t.app);
    const { secret, step } = await enrol(owner);
    const missing = await owner.caller.post("/api/v1/auth/two-factor/disable", {});
    expect(missing.statusCode).toBe(400);
    const wrong = await owner.caller.post("/api/v1/auth/two-factor/disable", { password: "not my password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe("password");
    const off = await owner.caller.post("/api/v1/auth/two-factor/disable", {
      code: totpCode(secret, step + 1),
    });
    expect(off.statusCode, off.body).toBe(204);
    const signIn = await new Caller(t.app).post("/api/v1/auth/sign-in", {
      email: owner.email,
      password: owner.password,
    });
    expect((signIn.json() as SessionDto).user.twoFactorEnabled).toBe(false);
    expect(await actions(owner.session.workspace.id)).toContain("auth.two_factor_disabled");
  });

  it("sends members of a workspace that requires it to enrolment, and lets them in after", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const denied = await member.caller.patch("/api/v1/workspace", { requireTwoFactor: true });
    expect(denied.statusCode).toBe(403);
    const required = await owner.caller.patch("/api/v1/workspace", { requireTwoFactor: true });
    expect(required.statusCode, required.body).toBe(200);
    expect(required.json().requireTwoFactor).toBe(true);

    const blocked = await member.caller.get("/api/v1/contacts");
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("two_factor_required");
    const session = await member.caller.get("/api/v1/auth/session");
    expect(session.statusCode).toBe(200);
    expect((session.json() as SessionDto).workspace.requireTwoFactor).toBe(true);

    await enrol(member);
    expect((await member.caller.get("/api/v1/contacts")).statusCode).toBe(200);
  });

  it("asks an existing two-factor account for its code when it accepts an invitation", async () => {
    const user = await signUp(t.app);
    const { secret, step } = await enrol(user);
    const other = await signUp(t.app, { workspaceName: "Second" });
    const invite = await other.caller.post("/api/v1/invitations", { email: user.email, role: "sales_rep" });
    const accepted = await new Caller(t.app).post("/api/v1/invitations/accept", {
      token: invite.json().token,
      password: user.password,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.cookies).toEqual([]);
    const challenge = accepted.json() as TwoFactorChallengeDto;
    expect(challenge.twoFactorRequired).toBe(true);
    const ok = await secondStep(challenge.pendingToken, totpCode(secret, step + 1));
    expect((ok.json() as SessionDto).workspace.id).toBe(other.session.workspace.id);
  });
});
