import { AsyncLocalStorage } from "node:async_hooks";
import type { FastifyInstance } from "fastify";

/** Where a request came from, as the audit trail records it. */
export type ClientInfo = { ip: string | null; userAgent: string | null };

const USER_AGENT_MAX_LENGTH = 500;
const storage = new AsyncLocalStorage<ClientInfo>();

/**
 * Makes each request's client (IP, user agent) known to the code it runs, so audit entries written
 * deep in a service carry it without every call passing it down.
 */
export function registerClientContext(app: FastifyInstance) {
  app.addHook("onRequest", (request, _reply, done) => {
    storage.run(
      { ip: request.ip, userAgent: request.headers["user-agent"]?.slice(0, USER_AGENT_MAX_LENGTH) ?? null },
      done,
    );
  });
}

/** The current request's client; nulls outside a request (background jobs, the command line). */
export const currentClient = (): ClientInfo => storage.getStore() ?? { ip: null, userAgent: null };
