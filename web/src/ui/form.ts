import type { FormErrors } from "@mantine/form";
import type { z } from "zod";
import { ApiError } from "../app/api.ts";

/** Turns a zod schema into a Mantine form validator: one message per field, keyed by dotted path. */
export function validateWith<T>(schema: z.ZodType, map: (values: T) => unknown = (values) => values) {
  return (values: T): FormErrors => {
    const result = schema.safeParse(map(values));
    if (result.success) return {};
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      if (!(path in errors)) errors[path] = issue.message;
    }
    return errors;
  };
}

/** Field errors of a failed request, keyed by the server's dotted paths. */
export function fieldErrorsOf(error: unknown): FormErrors {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const errors: FormErrors = {};
  for (const { path, message } of error.problem.errors) {
    if (!(path in errors)) errors[path] = message;
  }
  return errors;
}

/** The sentence to show for a failed request. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  return error instanceof Error ? error.message : String(error);
}
