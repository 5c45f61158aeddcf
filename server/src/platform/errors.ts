import type { FieldError } from "@rapport/core";

/** Every error code the API can answer with, its HTTP status and a title for humans. */
export const ERROR_CODES = {
  moved_permanently: { status: 301, title: "The record was merged into another" },
  validation_failed: { status: 400, title: "Some fields are not valid" },
  malformed_request: { status: 400, title: "The request could not be read" },
  unauthenticated: { status: 401, title: "Sign-in required" },
  invalid_credentials: { status: 401, title: "Email or password is wrong" },
  csrf_failed: { status: 403, title: "Missing or wrong CSRF token" },
  forbidden: { status: 403, title: "Not allowed" },
  two_factor_required: { status: 403, title: "Two-factor sign-in required" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  email_taken: { status: 409, title: "Email already registered" },
  already_member: { status: 409, title: "Already a member" },
  token_used: { status: 409, title: "Link already used" },
  last_owner: { status: 409, title: "A workspace needs an owner" },
  conflict: { status: 409, title: "Conflicts with existing data" },
  likely_duplicate: { status: 409, title: "Likely duplicate" },
  record_merged: { status: 409, title: "The record was merged into another" },
  token_expired: { status: 410, title: "Link expired" },
  record_merged_gone: { status: 410, title: "The record was merged into another" },
  precondition_failed: { status: 412, title: "The record changed since you read it" },
  payload_too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported content type" },
  idempotency_key_reused: { status: 422, title: "Idempotency key reused with a different request" },
  too_many_requests: { status: 429, title: "Too many attempts" },
  internal: { status: 500, title: "Something went wrong on our side" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A domain error: services throw it, the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      /** Sent as the Location header (a 301 to a merged record's survivor). */
      location?: string;
      /** More members of the problem body, such as a 409's `candidates`. */
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what: string) =>
  new AppError("not_found", `No ${what} with that id exists in this workspace.`);

/** Every problem of one write at once, each naming its field; batch prefixes the paths with the item's place. */
export const invalidFields = (errors: FieldError[]) =>
  new AppError(
    "validation_failed",
    `Fix these fields and try again — ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    { errors },
  );

/** With If-Match, the version the caller read must still be the current one. */
export function assertVersion(current: number, expected: number | undefined, what: string) {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      "precondition_failed",
      `This ${what} was changed by someone else (now version ${current}, you had ${expected}). Reload it and apply your change again.`,
    );
  }
}
