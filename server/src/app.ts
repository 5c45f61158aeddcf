import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { activityRoutes } from "./modules/activities/activity.routes.ts";
import { apiKeyRoutes } from "./modules/api-keys/api-key.routes.ts";
import { type ApiKeyPrincipal, cachedApiKeyLookup } from "./modules/api-keys/api-key.service.ts";
import { auditRoutes } from "./modules/audit/audit.routes.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { SESSION_IDLE_MS } from "./modules/auth/auth.service.ts";
import { findSessionPrincipal } from "./modules/auth/auth.store.ts";
import { companyRoutes } from "./modules/companies/company.routes.ts";
import { contactRoutes } from "./modules/contacts/contact.routes.ts";
import { currencyRoutes } from "./modules/currencies/currency.routes.ts";
import { customFieldRoutes } from "./modules/custom-fields/custom-field.routes.ts";
import { dealRoutes } from "./modules/deals/deal.routes.ts";
import { duplicateRoutes } from "./modules/duplicates/duplicate.routes.ts";
import { exportRoutes } from "./modules/exports/export.routes.ts";
import { importRoutes } from "./modules/imports/import.routes.ts";
import { invitationRoutes } from "./modules/invitations/invitation.routes.ts";
import { jobRoutes } from "./modules/jobs/job.routes.ts";
import { notificationRoutes } from "./modules/notifications/notification.routes.ts";
import { NotificationHub } from "./modules/notifications/notification-hub.ts";
import { pipelineRoutes } from "./modules/pipelines/pipeline.routes.ts";
import { privacyRoutes } from "./modules/privacy/privacy.routes.ts";
import { recordFieldRoutes } from "./modules/record-fields/record-fields.routes.ts";
import { roleRoutes } from "./modules/roles/role.routes.ts";
import { resolveGrants } from "./modules/roles/role.store.ts";
import { searchRoutes } from "./modules/search/search.routes.ts";
import { shareRoutes } from "./modules/sharing/share.routes.ts";
import { tagRoutes } from "./modules/tags/tag.routes.ts";
import { taskRoutes } from "./modules/tasks/task.routes.ts";
import { teamRoutes } from "./modules/teams/team.routes.ts";
import { timelineRoutes } from "./modules/timeline/timeline.routes.ts";
import { viewRoutes } from "./modules/views/view.routes.ts";
import { webhookRoutes } from "./modules/webhooks/webhook.routes.ts";
import { workspaceRoutes } from "./modules/workspaces/workspace.routes.ts";
import { registerClientContext } from "./platform/audit/context.ts";
import { viewerOf } from "./platform/auth/principal.ts";
import { TtlCache } from "./platform/cache.ts";
import type { Config } from "./platform/config.ts";
import { configureFieldKeys } from "./platform/crypto/field-keys.ts";
import { revealSealed } from "./platform/crypto/sealed-values.ts";
import type { Database } from "./platform/db/index.ts";
import { pendingMigrations } from "./platform/db/migrate.ts";
import { cacheWorkspaceDefinitions } from "./platform/db/workspace-cache.ts";
import { registerAuthentication } from "./platform/http/authenticate.ts";
import { registerMetrics } from "./platform/http/metrics.ts";
import { registerProblemHandler } from "./platform/http/problem.ts";
import { registerSecurityHeaders } from "./platform/http/security-headers.ts";
import { registerStaticWeb } from "./platform/http/static-web.ts";
import { newId } from "./platform/ids.ts";
import type { JobQueue } from "./platform/jobs/queue.ts";
import type { Logger } from "./platform/log.ts";
import { VERSION } from "./version.ts";

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** How long a process trusts a resolved API key before asking the database again. */
export const API_KEY_CACHE_MS = 5_000;
export { VERSION };

export type AppDeps = { config: Config; database: Database; log: Logger; jobs: JobQueue };

/** Builds the HTTP app from the platform and the modules; it does not listen. */
export async function buildApp({ config, database, log, jobs }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestIdHeader: "x-request-id",
    genReqId: () => newId(),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  configureFieldKeys(config.secret, config.previousSecret);
  // Sensitive custom values travel sealed through services, history and events; only an answer opens them.
  app.addHook("preSerialization", async (_request, _reply, payload) => revealSealed(payload));
  registerProblemHandler(app);
  registerClientContext(app);
  registerSecurityHeaders(app);
  registerMetrics(app, database);
  const stopDefinitionsCache = await cacheWorkspaceDefinitions(database);
  app.addHook("onClose", stopDefinitionsCache);
  await app.register(fastifyCookie);
  const apiKeyCache = new TtlCache<string, ApiKeyPrincipal>(API_KEY_CACHE_MS);
  registerAuthentication(app, {
    session: (hash) => findSessionPrincipal(database.db, hash, SESSION_IDLE_MS),
    apiKey: cachedApiKeyLookup(database.db, apiKeyCache),
    grants: (p) => resolveGrants(database.db, p.workspaceId, p.role, viewerOf(p)),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Rapport API",
        version: VERSION,
        description:
          "The Rapport CRM API. Authenticate with `Authorization: Bearer <api key>` (Settings → API keys) or the browser session cookie plus the `X-CSRF-Token` header. An API key has its own role and acts on behalf of the member who created it: where the role shows only own or team records, the key sees that member's (and their team's) records and those shared with them, and the filter value `me` means them. Once that member leaves the workspace, or when the creator is unknown, the key sees only the objects its role shows in full. Errors are RFC 9457 problem+json.",
      },
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys" },
          session: { type: "apiKey", in: "cookie", name: "rapport_session" },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      const pending = await database.withConnection((runner) => pendingMigrations(runner));
      if (pending > 0) return reply.status(503).send({ status: "migrations pending", pending });
      return { status: "ready", database: database.kind };
    } catch (error) {
      log.warn({ err: error }, "readiness check failed");
      return reply.status(503).send({ status: "database unreachable" });
    }
  });

  const db = database.db;
  // Every server process listens for notifications, to push them to the streams it holds.
  const hub = new NotificationHub(database, log);
  await hub.start();
  app.addHook("onClose", () => hub.stop());
  await app.register(
    async (api) => {
      await api.register(authRoutes, { deps: { db, config, log } });
      // A key acts on behalf of its creator only while they are a member: forget cached keys when one leaves.
      await api.register(workspaceRoutes, { db, onMemberRemoved: () => apiKeyCache.clear() });
      await api.register(invitationRoutes, { db, config });
      await api.register(roleRoutes, { db });
      await api.register(teamRoutes, { db });
      await api.register(shareRoutes, { db });
      await api.register(apiKeyRoutes, { db, onRevoke: () => apiKeyCache.clear() });
      await api.register(exportRoutes, { db });
      await api.register(privacyRoutes, { db });
      await api.register(contactRoutes, { db });
      await api.register(companyRoutes, { db });
      await api.register(customFieldRoutes, { db });
      await api.register(searchRoutes, { db });
      await api.register(tagRoutes, { db });
      await api.register(pipelineRoutes, { db });
      await api.register(dealRoutes, { db });
      await api.register(currencyRoutes, { db });
      await api.register(activityRoutes, { db });
      await api.register(taskRoutes, { db, jobs });
      await api.register(timelineRoutes, { db });
      await api.register(jobRoutes, { db, jobs });
      await api.register(recordFieldRoutes, { db });
      await api.register(viewRoutes, { db });
      await api.register(notificationRoutes, { db, hub });
      await api.register(auditRoutes, { db });
      await api.register(webhookRoutes, { db, jobs });
      await api.register(duplicateRoutes, { db, jobs });
      await api.register(importRoutes, { db, jobs });
    },
    { prefix: "/api/v1" },
  );

  await registerStaticWeb(app, config.webDir);
  return app;
}
