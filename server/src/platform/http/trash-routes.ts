import type { PermissionObject } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permission } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { parseIfMatch } from "../records/list.ts";
import { IdParams, IfMatchHeaders, principalOf, problemResponses } from "./route-helpers.ts";

type App = Parameters<FastifyPluginAsyncZod>[0];

type Docs = { summary?: string; description?: string };

/** How one object's trash routes are documented and what they call. */
export type TrashRoutes<Dto extends z.ZodType> = {
  /** The collection path, such as `/contacts`. */
  path: string;
  /** Trashing and restoring need the delete permission on this object; purging is for admins. */
  object: PermissionObject;
  tags: string[];
  /** The object with its article, such as `a contact`, for the summaries. */
  noun: string;
  dto: Dto;
  trash(db: Db, principal: Principal, id: string, options: { expectedVersion?: number }): Promise<void>;
  restore(db: Db, principal: Principal, id: string): Promise<z.output<Dto>>;
  purge(db: Db, principal: Principal, id: string): Promise<void>;
  docs?: { trash?: Docs; restore?: Docs; purge?: Docs };
  /** Statuses a restore can answer besides 401, 403 and 404. */
  restoreProblems?: number[];
};

/** `DELETE :id` (trash), `POST :id/restore` and `DELETE :id/purge` (admins only) for one object. */
export function registerTrashRoutes<Dto extends z.ZodType>(app: App, db: Db, spec: TrashRoutes<Dto>) {
  const { path, tags, noun, docs = {} } = spec;
  // The schema checks the answer at run time; Fastify cannot relate a generic schema to its output.
  const dto: z.ZodType = spec.dto;

  app.delete(
    `${path}/:id`,
    {
      config: { access: permission(spec.object, "delete") },
      schema: {
        tags,
        summary: `Move ${noun} to the trash`,
        ...docs.trash,
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await spec.trash(db, principalOf(request), request.params.id, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${path}/:id/restore`,
    {
      config: { access: permission(spec.object, "delete") },
      schema: {
        tags,
        summary: `Bring ${noun} back from the trash`,
        ...docs.restore,
        params: IdParams,
        response: { 200: dto, ...problemResponses(...(spec.restoreProblems ?? []), 401, 403, 404) },
      },
    },
    async (request) => spec.restore(db, principalOf(request), request.params.id),
  );

  app.delete(
    `${path}/:id/purge`,
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: `Delete a trashed ${noun.replace(/^an? /, "")} for good`,
        ...docs.purge,
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await spec.purge(db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
