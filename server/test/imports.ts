import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { SignedIn } from "./client.ts";
import { until } from "./receiver.ts";

/** What the import tests share: uploading a file, running or undoing an import through the API. */

/** An import as the upload answers it. */
export type StagedImport = {
  id: string;
  object: string;
  format: string;
  encoding: string | null;
  headers: string[];
  totalRows: number;
  suggested: { mapping: { column: number; target: string; label: string | null }[]; matchBy: string | null };
};

const REPO = path.join(import.meta.dirname, "../..");

/** A path under the shared test data, which sits beside the checkout (a git worktree is one level deeper). */
export function sharedData(relative: string): string {
  return [path.join(REPO, "../shared/data", relative), path.join(REPO, "../../shared/data", relative)].find(
    (p) => existsSync(p),
  )!;
}

export function uploadImport(
  who: SignedIn,
  body: string | Buffer,
  {
    object,
    fileName = "people.csv",
    type = "text/csv",
  }: { object?: string; fileName?: string; type?: string } = {},
) {
  const objectParam = object ? `object=${object}&` : "";
  return who.caller.post(`/api/v1/imports?${objectParam}fileName=${encodeURIComponent(fileName)}`, body, {
    "content-type": type,
  });
}

/** Uploads a file, expecting it staged. */
export async function stagedImport(
  who: SignedIn,
  body: string | Buffer,
  options: { object?: string; fileName?: string } = {},
): Promise<StagedImport> {
  const response = await uploadImport(who, body, options);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Starts a staged import with these settings and answers its state once it completed or failed. */
export async function runToEnd(who: SignedIn, id: string, settings: unknown) {
  const started = await who.caller.post(`/api/v1/imports/${id}/run`, settings);
  expect(started.statusCode, started.body).toBe(202);
  let current = started.json();
  await until(
    async () => {
      current = (await who.caller.get(`/api/v1/imports/${id}`)).json();
      return ["completed", "failed"].includes(current.status);
    },
    60_000,
    "the import to finish",
  );
  return current;
}

/** Undoes a completed import and waits until it is undone. */
export async function undoToEnd(who: SignedIn, id: string) {
  const response = await who.caller.post(`/api/v1/imports/${id}/undo`);
  expect(response.statusCode, response.body).toBe(202);
  await until(
    async () => (await who.caller.get(`/api/v1/imports/${id}`)).json().status === "undone",
    30_000,
    "the undo",
  );
}

/** The fields the upload suggested for each column, in column order. */
export const mappingTargets = (imp: { suggested: { mapping: { target: string }[] } }) =>
  imp.suggested.mapping.map((m) => m.target);
