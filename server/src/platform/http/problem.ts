import { type FieldError, FilterError, type Problem } from "@rapport/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError, ERROR_CODES, type ErrorCode } from "../errors.ts";

/** `["emails", 0, "value"]` → `emails[0].value`: the path format every error of the API uses. */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join("");
}

function validationErrors(error: FastifyError): FieldError[] {
  const context = (error as { validationContext?: string }).validationContext;
  const prefix = context && context !== "body" ? [context === "querystring" ? "query" : context] : [];
  return (error.validation ?? []).flatMap((v) => {
    const base = v.instancePath
      .split("/")
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (v.keyword === "unrecognized_keys" && keys) {
      return keys.map((key) => ({
        path: formatPath([...prefix, ...base, key]),
        message: "Unknown field: remove it",
      }));
    }
    return [
      { path: formatPath([...prefix, ...base]) || context || "body", message: v.message ?? "Invalid value" },
    ];
  });
}

function toAppError(error: FastifyError | AppError | Error): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof FilterError) {
    return new AppError("validation_failed", `The filter is not valid: ${error.message}`, {
      errors: error.issues.map((i) => ({ path: i.path ? `filter.${i.path}` : "filter", message: i.message })),
    });
  }
  const fe = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const errors = validationErrors(fe);
    const list = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
    return new AppError("validation_failed", `Fix these fields and try again — ${list}`, { errors });
  }
  switch (fe.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(
        "payload_too_large",
        "The request body is larger than this endpoint accepts; send less data per request.",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError(
        "malformed_request",
        `The body is not valid JSON (${fe.message}). Send a JSON object.`,
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("unsupported_media_type", "Send the body as application/json.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("malformed_request", "The Content-Length header does not match the body.");
  }
  if (fe.statusCode === 400) return new AppError("malformed_request", fe.message);
  return undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const { title, status } = ERROR_CODES[error.code];
  const body: Problem & Record<string, unknown> = {
    ...error.options.extra,
    type: `https://rapport.dev/problems/${error.code.replaceAll("_", "-")}`,
    title,
    status,
    detail: error.detail,
    code: error.code,
    requestId: request.id,
    ...(error.options.errors ? { errors: error.options.errors } : {}),
  };
  if (error.options.location) reply.header("location", error.options.location);
  if (error.options.retryAfterSeconds !== undefined) {
    reply.header("retry-after", String(error.options.retryAfterSeconds));
  }
  return reply.status(status).type("application/problem+json").send(body);
}

/** One handler turns every error into RFC 9457 problem+json; unknown errors are logged and become a 500. */
export function registerProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, known.detail);
      return sendProblem(request, reply, known);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, "response did not match its schema");
    } else {
      request.log.error({ err: error }, "unhandled error");
    }
    return sendProblem(
      request,
      reply,
      new AppError(
        "internal",
        `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
      ),
    );
  });
}

export type { ErrorCode };
