import type { FormErrors } from "@mantine/form";
import { authText } from "./text.ts";

/** Adds the "passwords differ" error for forms that ask for a new password twice. */
export function confirmationErrors(
  password: string,
  confirmation: string,
  field = "confirmPassword",
): FormErrors {
  return password === confirmation ? {} : { [field]: authText.passwordsDiffer };
}
