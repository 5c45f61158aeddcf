type Issue = { path: PropertyKey[]; message: string };

/** A zod result's issues keyed by the API's path format (`stages[2].name`), first message per path. */
export function zodErrors(result: { success: boolean; error?: { issues: Issue[] } }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join("");
    if (!(path in errors)) errors[path] = issue.message;
  }
  return errors;
}
