import {
  BUILTIN_ROLE_DEFAULTS,
  BUILTIN_ROLES,
  type BuiltinRole,
  can,
  PERMISSION_OBJECTS,
} from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { addMember, type SignedIn, signUp } from "../../../test/client.ts";
import type { DeclaredRoute } from "../http/authenticate.ts";
import type { Access } from "./principal.ts";

/**
 * Walks every registered /api/v1 route with every built-in role and checks the answer against the
 * permission table (core's BUILTIN_ROLE_DEFAULTS, which seed every workspace): a denied role gets 403,
 * an allowed one anything else. A route must declare an access the table knows, so a new route
 * without a permission rule fails here.
 */
const KNOWN = new Set(["public", "user", "workspace", "admin", "owner"]);
const isRule = (a: Access): a is Exclude<Access, string> => typeof a === "object";

/** What the table says a role may call; null for routes the table does not govern (public, user, workspace). */
function expected(role: BuiltinRole, access: Access): boolean | null {
  const permissions = BUILTIN_ROLE_DEFAULTS[role].permissions;
  if (isRule(access)) return can(permissions, access.object, access.action);
  if (access === "admin") return permissions.administer;
  if (access === "owner") return role === "owner";
  return null;
}

/** The object a route's `:id` addresses, from its first path segment after /api/v1. */
const objectOf = (url: string) => url.split("/")[3] as (typeof PERMISSION_OBJECTS)[number];

let t: TestApp;
let owner: SignedIn;
const callers = new Map<BuiltinRole, SignedIn>();
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app);
  callers.set("owner", owner);
  for (const role of BUILTIN_ROLES) {
    if (role !== "owner") callers.set(role, await addMember(t.app, owner, role));
  }
  const post = async (path: string, body: unknown) => {
    const response = await owner.caller.post(`/api/v1/${path}`, body);
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };
  ids.set("contacts", await post("contacts", { firstName: "Walker" }));
  ids.set("companies", await post("companies", { name: "Walker Ltd" }));
  ids.set("deals", await post("deals", { name: "Walker deal" }));
  ids.set("activities", await post("activities", { type: "note", body: "Walked" }));
  ids.set("tasks", await post("tasks", { title: "Walk" }));
}, 120_000);

afterAll(() => t?.close());

describe("route permissions", () => {
  it("every /api/v1 route declares an access the permission table knows", () => {
    const routes: DeclaredRoute[] = t.app.apiRoutes;
    expect(routes.length).toBeGreaterThan(50);
    const unknown = routes.filter(
      (r) =>
        !(isRule(r.access) ? PERMISSION_OBJECTS.includes(r.access.object) : KNOWN.has(r.access as string)),
    );
    expect(unknown.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it("record routes of every object declare an object permission, not just membership", () => {
    const recordRoutes = t.app.apiRoutes.filter((r) =>
      (PERMISSION_OBJECTS as readonly string[]).includes(objectOf(r.url)),
    );
    const loose = recordRoutes.filter((r) => !isRule(r.access) && r.access !== "admin");
    expect(loose.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it("answers each built-in role as the permission table says", { timeout: 300_000 }, async () => {
    const governed = t.app.apiRoutes.filter((r) => expected("owner", r.access) !== null);
    const mismatches: string[] = [];
    // The least powerful roles first, so a write an allowed role makes cannot hide a wrong answer
    // from a denied one (owner and admin last: they may purge and delete).
    for (const role of [...BUILTIN_ROLES].reverse()) {
      const caller = callers.get(role)!;
      for (const route of governed) {
        const allowed = expected(role, route.access)!;
        const url = route.url.replace(/:(\w+)/g, (_, name: string) =>
          name === "id" && ids.has(objectOf(route.url))
            ? ids.get(objectOf(route.url))!
            : name === "key"
              ? "no_such_role"
              : "01900000-0000-7000-8000-000000000000",
        );
        const method = route.method as "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
        const body = method === "GET" || method === "DELETE" ? undefined : {};
        const response = await caller.caller.request(method, url, body);
        const denied = response.statusCode === 403;
        if (denied === allowed) {
          mismatches.push(
            `${role} ${route.method} ${route.url}: expected ${allowed ? "allowed" : "403"}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
        if (denied) {
          expect(response.json().detail, `${route.method} ${route.url}`).toMatch(
            /Ask a workspace admin|owner/,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
