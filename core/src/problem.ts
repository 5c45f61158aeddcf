import { z } from "zod";

/** RFC 9457 problem details, as every error of the API is answered. */
export const FieldError = z.object({
  path: z.string().describe("Dotted path of the offending field, such as `emails.0.value`"),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe("Stable machine-readable error code"),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;
