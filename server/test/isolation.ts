import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { type SignedIn, signUp } from "./client.ts";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * Tenant isolation for one route: `create` makes a record in workspace A and returns the URL that
 * addresses it; an owner of another workspace B must get 404 for it (not 403, not data), and the
 * record must still be there for A afterwards.
 */
export async function expectTenantIsolation(
  app: FastifyInstance,
  owner: SignedIn,
  route: { method: Method; create: (owner: SignedIn) => Promise<string>; body?: unknown; check?: string },
) {
  const url = await route.create(owner);
  const outsider = await signUp(app, { workspaceName: "Other Workspace" });
  const response = await outsider.caller.request(
    route.method,
    url,
    route.body ?? (route.method === "GET" || route.method === "DELETE" ? undefined : {}),
  );
  expect(response.statusCode, `${route.method} ${url} from another workspace: ${response.body}`).toBe(404);
  expect(response.headers["content-type"]).toContain("application/problem+json");
  if (route.check) {
    const still = await owner.caller.get(route.check);
    expect(still.statusCode, `${route.check} must be untouched for its owner`).toBeLessThan(300);
  }
}
