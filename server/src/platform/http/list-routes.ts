import type { PermissionObject } from "@rapport/core";
import { ListBody, ListQuery, Page } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { seesField } from "../auth/field-rules.ts";
import { permission } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { checkShape, commaList, type Embed, type Shape, shapeItems } from "../records/embed.ts";
import { parseFilterParam } from "../records/list.ts";
import type { ListRequest } from "../records/list-plan.ts";
import { principalOf, problemResponses } from "./route-helpers.ts";

type App = Parameters<FastifyPluginAsyncZod>[0];

/** How one object's list routes are documented and what they call. */
export type ListRoutes<Dto extends z.ZodObject> = {
  /** The collection path, such as `/contacts`. */
  path: string;
  /** The lists need the read permission on this object. */
  object: PermissionObject;
  tags: string[];
  /** The objects in the plural, such as `contacts`, for the summaries. */
  plural: string;
  dto: Dto;
  list(
    db: Db,
    principal: Principal,
    request: ListRequest,
  ): Promise<{ data: z.output<Dto>[]; nextCursor: string | null; total?: number }>;
  /** The related records `include=` can embed in each item. */
  embeds?: Record<string, Embed<z.output<Dto>>>;
  /** Overrides the list route's summary and adds a description (default sort, useful paths). */
  docs?: { summary?: string; description?: string };
};

/**
 * `GET path` (filter in the query), `POST path/query` (filter in the body) and `GET path/trash`;
 * each takes `fields=` to return fewer properties and `include=` to embed related records.
 */
export function registerListRoutes<Dto extends z.ZodObject>(app: App, db: Db, spec: ListRoutes<Dto>) {
  const { path, tags, plural } = spec;
  const embeds = spec.embeds ?? {};
  const properties = Object.keys(spec.dto.shape);
  const page = Page(
    spec.dto.partial().extend({
      id: z.uuid(),
      ...(Object.keys(embeds).length
        ? {
            embedded: z
              .object(Object.fromEntries(Object.entries(embeds).map(([k, e]) => [k, e.schema.optional()])))
              .optional()
              .describe("The related records asked for with `include`"),
          }
        : {}),
    }),
  );
  const Plural = plural.charAt(0).toUpperCase() + plural.slice(1);
  const fromQuery = (q: z.output<typeof ListQuery>, trashed: boolean) => ({
    ...q,
    filter: parseFilterParam(q.filter),
    fields: commaList(q.fields),
    include: commaList(q.include),
    ...(trashed ? { trashed } : {}),
  });
  const answer = async (principal: Principal, request: ListRequest & Shape) => {
    // `fields=` naming a field the role hides is refused as naming an unknown one.
    checkShape(
      request,
      properties.filter((p) => seesField(principal, spec.object, p)),
      embeds,
    );
    const found = await spec.list(db, principal, request);
    if (!request.fields?.length && !request.include?.length) return found;
    const items = found.data as (z.output<Dto> & { id: string })[];
    return { ...found, data: await shapeItems(db, principal, items, request, embeds) };
  };
  const includable = Object.keys(embeds);
  const shapeDocs = `\n\n\`fields\` returns only the listed properties (and \`id\`)${
    includable.length
      ? `; \`include\` embeds ${includable.map((n) => `\`${n}\``).join(", ")} under \`embedded\``
      : ""
  }.`;

  app.get(
    path,
    {
      config: { access: permission(spec.object, "read") },
      schema: {
        tags,
        summary: spec.docs?.summary ?? `List ${plural} with a filter, sort and cursor`,
        description: (spec.docs?.description ?? "") + shapeDocs,
        querystring: ListQuery,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => answer(principalOf(request), fromQuery(request.query, false)),
  );

  app.post(
    `${path}/query`,
    {
      config: { access: permission(spec.object, "read") },
      schema: {
        tags,
        summary: `List ${plural}, with the filter in the body`,
        body: ListBody,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => answer(principalOf(request), request.body),
  );

  app.get(
    `${path}/trash`,
    {
      config: { access: permission(spec.object, "read") },
      schema: {
        tags,
        summary: `${Plural} in the trash (restorable for 30 days)`,
        querystring: ListQuery,
        response: { 200: page, ...problemResponses(400, 401) },
      },
    },
    async (request) => answer(principalOf(request), fromQuery(request.query, true)),
  );
}
