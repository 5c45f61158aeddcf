import { ListNotificationsQuery, NotificationDto, UnreadCountDto } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireUser } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { sessionWorkspace } from "../auth/auth.store.ts";
import * as service from "./notification.service.ts";
import type { NotificationHub } from "./notification-hub.ts";

const tags = ["Notifications"];
/** A comment line this often keeps proxies from closing an idle stream; the session is re-checked then. */
export const STREAM_HEARTBEAT_MS = 25_000;

export const notificationRoutes: FastifyPluginAsyncZod<{
  db: Db;
  hub: NotificationHub;
  heartbeatMs?: number;
}> = async (app, { db, hub, heartbeatMs = STREAM_HEARTBEAT_MS }) => {
  app.get(
    "/notifications",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "The signed-in user's notifications, newest first",
        querystring: ListNotificationsQuery,
        response: {
          200: z.object({ data: z.array(NotificationDto), nextCursor: z.uuid().nullable() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listNotifications(db, principalOf(request), request.query),
  );

  app.get(
    "/notifications/unread-count",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "How many of the signed-in user's notifications are unread",
        response: { 200: UnreadCountDto, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ unread: await service.unreadCount(db, principalOf(request)) }),
  );

  app.post(
    "/notifications/:id/read",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Mark a notification read",
        params: IdParams,
        response: { 200: NotificationDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.markRead(db, principalOf(request), request.params.id),
  );

  app.post(
    "/notifications/read-all",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Mark all the signed-in user's notifications read",
        response: { 200: z.object({ marked: z.number().int() }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ marked: await service.markAllRead(db, principalOf(request)) }),
  );

  // Streams open in this process, ended when the app closes (they would otherwise hold it open).
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get(
    "/notifications/stream",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Server-sent events: the signed-in user's new and read notifications, live",
        description:
          'An `text/event-stream`. Events: `notification` (data: a notification), `read` (data: `{ ids }`, ids or "all"), `reset` (events may have been missed: fetch the list again). A comment line comes every 25 s; the stream ends when the session does.',
      },
    },
    async (request, reply) => {
      const principal = requireUser(principalOf(request));
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        "x-request-id": request.id,
      });
      raw.write("retry: 3000\n: connected\n\n");
      const unsubscribe = hub.subscribe(principal.workspaceId, principal.userId, (event, data) => {
        if (event !== "session-ended") raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        else if ((data as { sessionId: string }).sessionId === principal.sessionId) end();
      });
      // A session that ended another way (expired, password changed, switched workspace) ends here.
      const heartbeat = setInterval(() => {
        sessionWorkspace(db, principal.sessionId).then(
          (workspaceId) => (workspaceId === principal.workspaceId ? raw.write(": heartbeat\n\n") : end()),
          (error) => request.log.warn({ err: error }, "notification stream heartbeat failed"),
        );
      }, heartbeatMs);
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        unsubscribe();
        raw.end();
      };
      open.add(end);
      request.raw.on("close", end);
    },
  );
};
