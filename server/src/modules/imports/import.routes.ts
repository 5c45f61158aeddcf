import type { Readable } from "node:stream";
import {
  DryRunDto,
  IMPORT_MAX_BYTES,
  ImportDto,
  ImportObject,
  ImportPreviewDto,
  ImportSettings,
  ListOf,
  StagedImportDto,
} from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import type { JobQueue } from "../../platform/jobs/queue.ts";
import * as service from "./import.service.ts";

const tags = ["Imports"];
// Which import permission applies depends on the import's object (the upload's `object`, then the
// staged import's), which the route cannot know before it reads the import: any member may call,
// and the service answers 403 unless their role may import into that object.
const canImport = { access: "workspace" as const };
/** Uploads are streamed as the raw file body; these are the types browsers and curl send for CSV and vCard. */
const FILE_TYPES = [
  "text/csv",
  "text/plain",
  "text/vcard",
  "text/x-vcard",
  "text/directory",
  "application/csv",
  "application/octet-stream",
  "application/vnd.ms-excel",
];

const UploadQuery = z.object({
  object: ImportObject.default("contacts"),
  fileName: z.string().trim().min(1).max(255).default("upload.csv"),
});

export const importRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue; maxBytes?: number }> = async (
  app,
  { db, jobs, maxBytes = IMPORT_MAX_BYTES },
) => {
  // The file is read as it arrives, never buffered whole: the service counts its bytes against the limit.
  app.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    "/imports",
    {
      config: canImport,
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary:
          "Upload a CSV (contacts or companies) or vCard (contacts) file to import (the raw file as the body)",
        description:
          "Send the file itself as the body, with Content-Type text/csv (or text/vcard). The answer describes the file (encoding, delimiter, columns, rows) and a suggested mapping; nothing is imported until `POST /imports/{id}/run`.",
        querystring: UploadQuery,
        consumes: FILE_TYPES,
        response: { 201: StagedImportDto, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const declared = Number(request.headers["content-length"]);
      const staged = await service.stageImport(
        db,
        principalOf(request),
        {
          object: request.query.object,
          fileName: request.query.fileName,
          body: request.body as Readable,
          ...(Number.isFinite(declared) ? { declaredBytes: declared } : {}),
        },
        maxBytes,
      );
      return reply.status(201).send(staged);
    },
  );

  app.get(
    "/imports",
    {
      config: canImport,
      schema: {
        tags,
        summary: "The workspace's recent imports into the objects the caller may import",
        response: { 200: ListOf(ImportDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await service.listImports(db, principalOf(request)) }),
  );

  app.get(
    "/imports/:id",
    {
      config: canImport,
      schema: {
        tags,
        summary: "An import and its progress (rows done, rows per second, counts)",
        params: IdParams,
        response: { 200: ImportDto, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.getImport(db, principalOf(request), request.params.id),
  );

  app.post(
    "/imports/:id/preview",
    {
      config: canImport,
      schema: {
        tags,
        summary: "The first rows as the mapping reads them, with each row's problems",
        params: IdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        body: ImportSettings,
        response: { 200: ImportPreviewDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.previewImport(db, principalOf(request), request.params.id, request.body, request.query.limit),
  );

  app.post(
    "/imports/:id/dry-run",
    {
      config: canImport,
      schema: {
        tags,
        summary: "Count what a run would create, update, skip and reject, writing nothing",
        params: IdParams,
        body: ImportSettings,
        response: { 200: DryRunDto, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.dryRun(db, principalOf(request), request.params.id, request.body),
  );

  app.post(
    "/imports/:id/run",
    {
      config: canImport,
      schema: {
        tags,
        summary:
          "Run the import in the background with this mapping and policy; poll the import for progress",
        params: IdParams,
        body: ImportSettings,
        response: { 202: ImportDto, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.startImport(db, jobs, principalOf(request), request.params.id, request.body)),
  );

  app.post(
    "/imports/:id/undo",
    {
      config: canImport,
      schema: {
        tags,
        summary:
          "Undo a completed import: its new records go to the trash, updated fields get their old values",
        params: IdParams,
        response: { 202: ImportDto, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.undoImport(db, jobs, principalOf(request), request.params.id)),
  );

  app.get(
    "/imports/:id/rejected.csv",
    {
      config: canImport,
      schema: {
        tags,
        summary: "The rejected rows as CSV: the file's columns and a Reason column",
        params: IdParams,
        produces: ["text/csv"],
        response: { 200: z.unknown().describe("CSV"), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await service.rejectedCsv(db, principalOf(request), request.params.id);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`)
        .send(stream);
    },
  );
};
