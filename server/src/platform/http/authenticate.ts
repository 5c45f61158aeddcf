import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Grants, requireAdmin, requirePermission } from "../auth/permissions.ts";
import { type Access, type Principal, requireOwner } from "../auth/principal.ts";
import { hashToken, safeEqual } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";

/** An /api/v1 route and what it declared, for the route-walking permission test and docs. */
export type DeclaredRoute = { method: string; url: string; access: Access };

declare module "fastify" {
  interface FastifyInstance {
    /** Every /api/v1 route registered, with its declared access. */
    apiRoutes: DeclaredRoute[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Every /api/v1 route declares who may call it (see platform/auth/permissions.ts); the app refuses to start otherwise. */
    access?: Access;
    /** Usable by a member who still has to enrol in a workspace's required two-factor sign-in. */
    beforeTwoFactor?: boolean;
  }
}

export const SESSION_COOKIE = "rapport_session";
export const CSRF_COOKIE = "rapport_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** How the authentication hook finds credentials; the auth and API-key stores provide these. */
export type CredentialLookup = {
  session(tokenHash: string): Promise<Extract<Principal, { via: "session" }> | null>;
  apiKey(keyHash: string): Promise<Extract<Principal, { via: "api_key" }> | null>;
  /** What the principal's role allows in its workspace (cached per workspace by the roles store). */
  grants(principal: Exclude<Principal, { via: "system" }>): Promise<Grants>;
};

/** Resolves the caller of every request, enforces the route's declared access and CSRF protection. */
export function registerAuthentication(app: FastifyInstance, lookup: CredentialLookup) {
  app.decorateRequest("principal", null);
  const declared: DeclaredRoute[] = [];
  app.decorate("apiRoutes", declared);

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`Route ${route.method} ${route.url} must declare config.access`);
    }
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") declared.push({ method, url: route.url, access });
    }
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined) return;
    const identified = await identify(request, lookup);
    // A copy: an API key's principal is shared through the key cache.
    request.principal =
      identified && identified.via !== "system"
        ? { ...identified, grants: await lookup.grants(identified) }
        : identified;
    if (access === "public") {
      if (!SAFE_METHODS.has(request.method)) checkOrigin(request);
      return;
    }
    const principal = request.principal;
    if (!principal) {
      throw new AppError("unauthenticated", "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
    }
    if (principal.via === "session" && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError(
          "csrf_failed",
          "Send the X-CSRF-Token header with the csrfToken from GET /api/v1/auth/session (also in the rapport_csrf cookie).",
        );
      }
    }
    if (
      principal.via === "session" &&
      principal.mustEnrolTwoFactor &&
      !request.routeOptions.config.beforeTwoFactor
    ) {
      throw new AppError(
        "two_factor_required",
        "This workspace requires two-factor sign-in. Turn it on under Settings → Security, then try again.",
      );
    }
    if (access === "user") {
      if (principal.via !== "session") {
        throw new AppError("forbidden", "This endpoint is for signed-in users, not API keys.");
      }
      return;
    }
    if (access === "workspace") return;
    if (access === "admin") return requireAdmin(principal);
    if (access === "owner") return requireOwner(principal);
    requirePermission(principal, access.object, access.action);
  });
}

async function identify(request: FastifyRequest, lookup: CredentialLookup): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError("unauthenticated", "The Authorization header must be 'Bearer <api key>'.");
    }
    const key = await lookup.apiKey(hashToken(match[1]));
    if (!key) {
      throw new AppError(
        "unauthenticated",
        "This API key is not valid: it was revoked or never existed. Create a new one in Settings → API keys.",
      );
    }
    return key;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  return lookup.session(hashToken(token));
}

/** Cookie-less writes (sign-in, sign-up) accept no cross-site Origin: a login CSRF guard. */
function checkOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (!origin || origin === "null") return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = "";
  }
  if (host !== request.host) {
    throw new AppError(
      "csrf_failed",
      `Requests from ${origin} are not accepted; use Rapport from its own address.`,
    );
  }
}
