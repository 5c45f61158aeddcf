import type { PermissionObject } from "@rapport/core";
import { MAX_BATCH_SIZE } from "@rapport/core";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { assertWritable, redact, redactable } from "../auth/field-rules.ts";
import { permission, requirePermission } from "../auth/permissions.ts";
import type { Principal } from "../auth/principal.ts";
import type { Db } from "../db/index.ts";
import { idempotent } from "../records/idempotency.ts";
import { etagOf, parseIfMatch } from "../records/list.ts";
import { IdParams, IfMatchHeaders, principalOf, problemResponses } from "./route-helpers.ts";

type App = Parameters<FastifyPluginAsyncZod>[0];

/** `{create: [...], update: [{id, ...}], delete: [id]}`, at most MAX_BATCH_SIZE operations in all. */
export const BatchBody = <C extends z.ZodType, U extends z.ZodObject>(create: C, update: U) =>
  z
    .strictObject({
      create: z.array(create).default([]),
      update: z.array(update.extend({ id: z.uuid() })).default([]),
      delete: z.array(z.uuid()).default([]),
    })
    .refine((b) => b.create.length + b.update.length + b.delete.length <= MAX_BATCH_SIZE, {
      message: `A batch holds at most ${MAX_BATCH_SIZE} operations in all`,
      // zod cannot carry a generic object's type through `extend`; the shape above is this type.
    }) as unknown as z.ZodType<BatchOps<z.output<C>, z.output<U>>>;

/** What a batch body holds once parsed. */
export type BatchOps<C, U> = { create: C[]; update: (U & { id: string })[]; delete: string[] };

type Versioned = { version: number };

/** How one object's create, batch, get and update routes are documented and what they call. */
export type RecordRoutes<
  Dto extends z.ZodType<Versioned>,
  Changed extends z.ZodType<Versioned>,
  Create extends z.ZodType,
  Update extends z.ZodObject,
> = {
  /** The collection path, such as `/contacts`. */
  path: string;
  /** Whose permissions the routes check: create, update (PATCH), read (GET), bulk_edit (batch). */
  object: PermissionObject;
  tags: string[];
  /** The object with its article, such as `a contact`, for the summaries. */
  noun: string;
  /** The objects in the plural, such as `contacts`, for the summaries. */
  plural: string;
  /** What a get answers. */
  dto: Dto;
  /** What a create, update or batch answers (a task's also names its next occurrence); `dto` unless given. */
  changedDto?: Changed;
  createBody: Create;
  updateBody: Update;
  /** `BatchBody(createBody, updateBody)`, kept by the module so its batch function can name the type. */
  batchBody: z.ZodType<BatchOps<z.output<Create>, z.output<Update>>>;
  /** Runs in the idempotency transaction. */
  create(tx: Db, principal: Principal, input: z.output<Create>): Promise<z.output<Changed>>;
  /**
   * For objects checked for duplicates on create: the create that checks (runs instead of `create`,
   * in the idempotency transaction) and its 409. The route then accepts `?allowDuplicate=true`.
   */
  duplicates?: {
    problem: z.ZodType;
    create(
      tx: Db,
      principal: Principal,
      input: z.output<Create>,
      options: { allowDuplicate: boolean },
    ): Promise<z.output<Changed>>;
  };
  get(db: Db, principal: Principal, id: string): Promise<z.output<Dto>>;
  update(
    db: Db,
    principal: Principal,
    id: string,
    input: z.output<Update>,
    options: { expectedVersion?: number },
  ): Promise<z.output<Changed>>;
  batch(
    db: Db,
    principal: Principal,
    body: BatchOps<z.output<Create>, z.output<Update>>,
  ): Promise<{ created: unknown[]; updated: unknown[]; deleted: string[] }>;
  /** Sentences put before the standard notes on idempotency (create) and If-Match (update). */
  docs?: { createSummary?: string; create?: string; updateSummary?: string; update?: string };
};

const AllowDuplicateQuery = z.object({
  allowDuplicate: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("`true` creates the record even when it looks like a duplicate of existing ones (else 409)"),
});

const IDEMPOTENCY_NOTE =
  "Send an `Idempotency-Key` header to make retries safe: the same key returns the first answer.";

/**
 * `POST path` (idempotent with `Idempotency-Key`), `POST path/batch` (all or nothing), `GET path/:id`
 * and `PATCH path/:id` (with `If-Match`) for one object; each answer carries the record's ETag.
 */
export function registerRecordRoutes<
  Dto extends z.ZodType<Versioned>,
  Changed extends z.ZodType<Versioned>,
  Create extends z.ZodType,
  Update extends z.ZodObject,
>(app: App, db: Db, spec: RecordRoutes<Dto, Changed, Create, Update>) {
  const { path, object, tags, noun, plural, docs = {} } = spec;
  // The schemas check requests and answers at run time; Fastify cannot relate generic schemas to
  // the handlers' types, so they are typed here by the spec's functions instead.
  // Answers leave out the fields the caller's role hides, so their schemas let those be missing.
  const dto: z.ZodType = redactable(spec.dto);
  const changed: z.ZodType = redactable(spec.changedDto ?? spec.dto);
  const present = <T extends object>(principal: Principal, record: T) => redact(principal, object, record);
  // Field rules are checked on the body as sent, before defaults fill in fields the caller never named.
  const writable = (request: FastifyRequest) => {
    assertWritable(principalOf(request), object, request.body);
  };
  const writableBatch = (request: FastifyRequest) => {
    const body = request.body as { create?: unknown; update?: unknown } | null;
    for (const kind of ["create", "update"] as const) {
      const items = body?.[kind];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        const { id: _id, ...fields } = (item ?? {}) as Record<string, unknown>;
        assertWritable(principalOf(request), object, fields, `${kind}.${i}.`);
      });
    }
  };
  const createBody: z.ZodType = spec.createBody;
  const updateBody: z.ZodType = spec.updateBody;
  const batchBody: z.ZodType = spec.batchBody;
  const the = noun.replace(/^an? /, "the ");
  const prefixed = (sentence: string | undefined, note: string) => (sentence ? `${sentence} ${note}` : note);

  app.post(
    path,
    {
      config: { access: permission(object, "create") },
      preValidation: async (request) => writable(request),
      schema: {
        tags,
        summary: docs.createSummary ?? `Create ${noun}`,
        description: prefixed(docs.create, IDEMPOTENCY_NOTE),
        body: createBody,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        querystring: spec.duplicates ? AllowDuplicateQuery : z.object({}),
        response: {
          201: changed,
          ...problemResponses(400, 401, 403, 422),
          ...(spec.duplicates ? { 409: spec.duplicates.problem } : {}),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await idempotent(
        db,
        {
          workspaceId: principal.workspaceId,
          scope: `POST ${path}`,
          key: request.headers["idempotency-key"],
          request: request.body,
        },
        async (tx) => ({
          status: 201,
          body: spec.duplicates
            ? await spec.duplicates.create(tx, principal, request.body as z.output<Create>, {
                allowDuplicate: (request.query as { allowDuplicate?: boolean }).allowDuplicate === true,
              })
            : await spec.create(tx, principal, request.body as z.output<Create>),
        }),
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      const body = result.body as Versioned;
      return reply
        .status(result.status as 201)
        .header("etag", etagOf(body.version))
        .send(present(principal, body));
    },
  );

  app.post(
    `${path}/batch`,
    {
      config: { access: permission(object, "bulk_edit") },
      preValidation: async (request) => writableBatch(request),
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create, update and delete up to ${MAX_BATCH_SIZE} ${plural} in one transaction (all or nothing)`,
        body: batchBody,
        response: {
          200: z.object({ created: z.array(changed), updated: z.array(changed), deleted: z.array(z.uuid()) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const body = request.body as BatchOps<z.output<Create>, z.output<Update>>;
      // The route needs bulk_edit; each kind of operation the batch holds needs its own permission too.
      if (body.create.length) requirePermission(principal, object, "create");
      if (body.update.length) requirePermission(principal, object, "update");
      if (body.delete.length) requirePermission(principal, object, "delete");
      const done = await spec.batch(db, principal, body);
      return {
        created: done.created.map((r) => present(principal, r as object)),
        updated: done.updated.map((r) => present(principal, r as object)),
        deleted: done.deleted,
      };
    },
  );

  app.get(
    `${path}/:id`,
    {
      config: { access: permission(object, "read") },
      schema: {
        tags,
        summary: noun.charAt(0).toUpperCase() + noun.slice(1),
        params: IdParams,
        response: { 200: dto, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const record = await spec.get(db, principal, request.params.id);
      return reply.header("etag", etagOf(record.version)).send(present(principal, record));
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: { access: permission(object, "update") },
      preValidation: async (request) => writable(request),
      schema: {
        tags,
        summary: docs.updateSummary ?? `Change some fields of ${noun}`,
        description: prefixed(
          docs.update,
          `Send \`If-Match\` with the ETag you read: if someone changed ${the} since, the answer is 412.`,
        ),
        params: IdParams,
        headers: IfMatchHeaders,
        body: updateBody,
        response: { 200: changed, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const record = await spec.update(db, principal, request.params.id, request.body as z.output<Update>, {
        expectedVersion: parseIfMatch(request.headers["if-match"]),
      });
      return reply.header("etag", etagOf(record.version)).send(present(principal, record));
    },
  );
}
