import type { CreatedApiKeyDto, CreatedInvitationDto, Role, SessionDto } from "@rapport/core";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Someone calling the API: a browser session (cookie + CSRF token), an API key, or nobody. */
export class Caller {
  constructor(
    readonly app: FastifyInstance,
    readonly auth: { cookie: string; csrf: string } | { apiKey: string } | null = null,
  ) {}

  request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.auth && "cookie" in this.auth) {
      h.cookie = this.auth.cookie;
      if (method !== "GET") h["x-csrf-token"] ??= this.auth.csrf;
    }
    if (this.auth && "apiKey" in this.auth) h.authorization = `Bearer ${this.auth.apiKey}`;
    return this.app.inject({
      method,
      url,
      headers: h,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  get = (url: string, headers?: Record<string, string>) => this.request("GET", url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("POST", url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("PATCH", url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request("DELETE", url, undefined, headers);
}

export type SignedIn = { caller: Caller; session: SessionDto; email: string; password: string };

let counter = 0;
export const uniqueEmail = (label = "user") =>
  `${label}-${process.pid}-${++counter}-${Date.now()}@example.com`;
export const PASSWORD = "correct horse battery staple";

/** The cookie header a browser would send back after this response. */
export function cookiesFrom(response: LightMyRequestResponse): { cookie: string; csrf: string } {
  const jar = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  if (!jar.rapport_session || !jar.rapport_csrf) {
    throw new Error(`expected session cookies, got ${response.statusCode}: ${response.body}`);
  }
  return {
    cookie: `rapport_session=${jar.rapport_session}; rapport_csrf=${jar.rapport_csrf}`,
    csrf: jar.rapport_csrf,
  };
}

function signedIn(
  app: FastifyInstance,
  response: LightMyRequestResponse,
  email: string,
  password: string,
): SignedIn {
  const session = response.json() as SessionDto;
  return { caller: new Caller(app, cookiesFrom(response)), session, email, password };
}

/** Signs up a new workspace and its owner. */
export async function signUp(
  app: FastifyInstance,
  input: Partial<{ workspaceName: string; name: string; email: string; password: string }> = {},
): Promise<SignedIn> {
  const email = input.email ?? uniqueEmail("owner");
  const password = input.password ?? PASSWORD;
  const response = await new Caller(app).post("/api/v1/auth/sign-up", {
    workspaceName: input.workspaceName ?? "Acme Corp",
    name: input.name ?? "Olive Owner",
    email,
    password,
  });
  if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  return signedIn(app, response, email, password);
}

export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<SignedIn> {
  const response = await new Caller(app).post("/api/v1/auth/sign-in", { email, password });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return signedIn(app, response, email, password);
}

/** Invites a new person into the admin's workspace with `role` and accepts as them. */
export async function addMember(app: FastifyInstance, admin: SignedIn, role: Role): Promise<SignedIn> {
  const email = uniqueEmail(role);
  const invite = await admin.caller.post("/api/v1/invitations", { email, role });
  if (invite.statusCode !== 201) throw new Error(`invite failed: ${invite.statusCode} ${invite.body}`);
  const { token } = invite.json() as CreatedInvitationDto;
  const response = await new Caller(app).post("/api/v1/invitations/accept", {
    token,
    name: `Test ${role}`,
    password: PASSWORD,
  });
  if (response.statusCode !== 200) throw new Error(`accept failed: ${response.statusCode} ${response.body}`);
  return signedIn(app, response, email, PASSWORD);
}

export async function createApiKey(
  admin: SignedIn,
  role: Role = "admin",
): Promise<{ caller: Caller; key: CreatedApiKeyDto }> {
  const response = await admin.caller.post("/api/v1/api-keys", { name: `key-${++counter}`, role });
  if (response.statusCode !== 201) throw new Error(`api key failed: ${response.statusCode} ${response.body}`);
  const key = response.json() as CreatedApiKeyDto;
  return { caller: new Caller(admin.caller.app, { apiKey: key.key }), key };
}
