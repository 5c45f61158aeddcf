import type { SessionInfoDto } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  cookiesFrom,
  createTestApp,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";
import { describeDevice } from "./sessions.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

async function signInFrom(user: SignedIn, userAgent: string) {
  const response = await new Caller(t.app).post(
    "/api/v1/auth/sign-in",
    { email: user.email, password: user.password },
    { "user-agent": userAgent },
  );
  expect(response.statusCode).toBe(200);
  return new Caller(t.app, cookiesFrom(response));
}

async function mySessions(caller: Caller): Promise<SessionInfoDto[]> {
  const response = await caller.get("/api/v1/auth/sessions");
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe("sessions", () => {
  it("names devices from their user agent", () => {
    expect(describeDevice(FIREFOX)).toBe("Firefox on Linux");
    expect(describeDevice(IPHONE)).toBe("Safari on iOS");
    expect(describeDevice(null)).toBe("Unknown device");
  });

  it("lists my sessions with device, IP and times, and revokes one or all others", async () => {
    const owner = await signUp(t.app);
    const firefox = await signInFrom(owner, FIREFOX);
    const phone = await signInFrom(owner, IPHONE);

    const listed = await mySessions(firefox);
    expect(listed).toHaveLength(3);
    const current = listed.find((s) => s.current)!;
    expect(current).toMatchObject({ device: "Firefox on Linux", ip: "127.0.0.1", userAgent: FIREFOX });
    expect(Date.parse(current.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    const phoneSession = listed.find((s) => s.device === "Safari on iOS")!;

    expect((await firefox.delete(`/api/v1/auth/sessions/${phoneSession.id}`)).statusCode).toBe(204);
    expect((await phone.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await firefox.delete(`/api/v1/auth/sessions/${phoneSession.id}`)).statusCode).toBe(404);

    const others = await firefox.post("/api/v1/auth/sessions/revoke-others");
    expect(others.json()).toEqual({ ended: 1 });
    expect((await owner.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await mySessions(firefox)).map((s) => s.current)).toEqual([true]);
  });

  it("never shows or ends another user's sessions", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const [memberSession] = await mySessions(member.caller);
    const ownerList = await mySessions(owner.caller);
    expect(ownerList.map((s) => s.id)).not.toContain(memberSession!.id);
    expect((await owner.caller.delete(`/api/v1/auth/sessions/${memberSession!.id}`)).statusCode).toBe(404);
    expect((await member.caller.get("/api/v1/auth/session")).statusCode).toBe(200);
    const key = await owner.caller.post("/api/v1/api-keys", { name: "k", role: "admin" });
    const apiKey = new Caller(t.app, { apiKey: key.json().key });
    expect((await apiKey.get("/api/v1/auth/sessions")).statusCode).toBe(403);
  });

  it("lets admins sign a member out of their workspace only", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const admin = await addMember(t.app, owner, "admin");
    expect((await member.caller.delete(`/api/v1/members/${admin.session.user.id}/sessions`)).statusCode).toBe(
      403,
    );
    expect((await admin.caller.delete(`/api/v1/members/${owner.session.user.id}/sessions`)).statusCode).toBe(
      403,
    );

    const outsider = await signUp(t.app);
    expect(
      (await outsider.caller.delete(`/api/v1/members/${member.session.user.id}/sessions`)).statusCode,
    ).toBe(404);
    expect((await member.caller.get("/api/v1/auth/session")).statusCode).toBe(200);

    const ended = await admin.caller.delete(`/api/v1/members/${member.session.user.id}/sessions`);
    expect(ended.json()).toEqual({ ended: 1 });
    expect((await member.caller.get("/api/v1/auth/session")).statusCode).toBe(401);
  });

  it("ends the other sessions when the password changes", async () => {
    const owner = await signUp(t.app);
    const other = await signInFrom(owner, FIREFOX);
    const changed = await owner.caller.post("/api/v1/auth/password", {
      currentPassword: owner.password,
      newPassword: "a brand new passphrase",
    });
    expect(changed.statusCode).toBe(204);
    expect((await other.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect(await mySessions(owner.caller)).toHaveLength(1);
  });
});
