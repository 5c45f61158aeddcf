import { ListBody, ListQuery, Page } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { parseFilterParam } from "../records/list.ts";
import type { ListRequest } from "../records/list-plan.ts";
import { principalOf, problemResponses } from "./route-helpers.ts";

type App = Parameters<FastifyPluginAsyncZod>[0];

/** How one object's list routes are documented and what they call. */
export type ListRoutes<Dto extends z.ZodType> = {
  /** The collection path, such as `/contacts`. */
  path: string;
  tags: string[];
  /** The objects in the plural, such as `contacts`, for the summaries. */
  plural: string;
  dto: Dto;
  list(
    db: Db,
    principal: Principal,
    request: ListRequest,
  ): Promise<{ data: z.output<Dto>[]; nextCursor: string | null; total?: number }>;
  /** Overrides the list route's summary and adds a description (default sort, useful paths). */
  docs?: { summary?: string; description?: string };
};

/** `GET path` (filter in the query), `POST path/query` (filter in the body) and `GET path/trash`. */
export function registerListRoutes<Dto extends z.ZodType>(app: App, db: Db, spec: ListRoutes<Dto>) {
  const { path, tags, plural } = spec;
  const page = Page(spec.dto);
  const Plural = plural.charAt(0).toUpperCase() + plural.slice(1);
  const fromQuery = (q: z.output<typeof ListQuery>, trashed: boolean) => ({
    ...q,
    filter: parseFilterParam(q.filter),
    ...(trashed ? { trashed } : {}),
  });

  app.get(
    path,
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: spec.docs?.summary ?? `List ${plural} with a filter, sort and cursor`,
        ...(spec.docs?.description ? { description: spec.docs.description } : {}),
        querystring: ListQuery,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => spec.list(db, principalOf(request), fromQuery(request.query, false)),
  );

  app.post(
    `${path}/query`,
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: `List ${plural}, with the filter in the body`,
        body: ListBody,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => spec.list(db, principalOf(request), request.body),
  );

  app.get(
    `${path}/trash`,
    {
      config: { access: "viewer" },
      schema: {
        tags,
        summary: `${Plural} in the trash (restorable for 30 days)`,
        querystring: ListQuery,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => spec.list(db, principalOf(request), fromQuery(request.query, true)),
  );
}
