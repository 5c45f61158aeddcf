import type { Page } from "playwright-core";

/** Calls the API as the page's signed-in user (its cookies and CSRF token), for setting up data. */
export async function sessionApi<T = unknown>(
  page: Page,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === "rapport_csrf")?.value;
  const response = await page.request.fetch(`/api/v1${path}`, {
    method,
    headers: { ...(csrf ? { "X-CSRF-Token": decodeURIComponent(csrf) } : {}), ...headers },
    ...(body !== undefined ? { data: body } : {}),
  });
  const text = await response.text();
  return { status: response.status(), body: (text ? JSON.parse(text) : undefined) as T };
}
