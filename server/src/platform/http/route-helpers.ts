import { Problem } from "@rapport/core";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../auth/principal.ts";
import { AppError } from "../errors.ts";

/** The authenticated caller; routes declared with access other than "public" always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError("unauthenticated", "Sign in first.");
  return request.principal;
}

/** Documents the problem+json answers a route can give, for the OpenAPI document. */
export function problemResponses<const S extends number>(...statuses: S[]): Record<S, typeof Problem> {
  return Object.fromEntries(statuses.map((s) => [s, Problem])) as Record<S, typeof Problem>;
}

/** The `:id` of a record route. */
export const IdParams = z.object({ id: z.uuid() });

/** The version a write expects (If-Match); a mismatch answers 412. */
export const IfMatchHeaders = z.object({ "if-match": z.string().optional() });
