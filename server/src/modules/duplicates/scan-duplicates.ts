import {
  type CompanyMatchInput,
  companyNameKey,
  DuplicateObject,
  groupPairs,
  SCAN_SCORE,
  scoreCompanyPair,
  scoreContactPair,
} from "@rapport/core";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import type { DuplicatePair } from "../../platform/db/schema/index.ts";
import { workspaces } from "../../platform/db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { defineJob } from "../../platform/jobs/job.ts";
import {
  companiesToMatch,
  contactPairsToScore,
  contactsToMatch,
  dismissedPairs,
  replaceGroups,
} from "./duplicate.store.ts";
import { companyMatchInput, contactMatchInput } from "./match-input.ts";

// Contacts loaded per query while scoring pairs.
const CHUNK = 2000;

/** Scored contact pairs of a workspace at or above the scan's threshold. */
async function contactPairs(db: Db, workspaceId: string): Promise<DuplicatePair[]> {
  const candidates = await contactPairsToScore(db, workspaceId);
  const found: DuplicatePair[] = [];
  // Pairs come grouped by their first id; load the contacts of a slice of them at a time.
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const slice = candidates.slice(i, i + CHUNK);
    const ids = [...new Set(slice.flat())];
    const rows = await contactsToMatch(db, workspaceId, ids);
    const byId = new Map(rows.map((r) => [r.id, contactMatchInput(r)]));
    for (const [a, b] of slice) {
      const [x, y] = [byId.get(a), byId.get(b)];
      if (!x || !y) continue;
      const pair = scoreContactPair(x, y);
      if (pair && pair.score >= SCAN_SCORE) found.push({ a, b, score: pair.score, reasons: pair.reasons });
    }
  }
  return found;
}

/**
 * Scored company pairs. Companies are compared within blocks of the same domain or the same first
 * three letters of their name without legal forms, so the work grows with block sizes, not n².
 */
async function companyPairs(db: Db, workspaceId: string): Promise<DuplicatePair[]> {
  const rows = await companiesToMatch(db, workspaceId);
  const blocks = new Map<string, { id: string; input: CompanyMatchInput }[]>();
  for (const row of rows) {
    const input = companyMatchInput(row);
    const keys = [`n:${companyNameKey(row.name).slice(0, 3)}`, ...row.domains.map((d) => `d:${d}`)];
    for (const key of keys) {
      if (!blocks.has(key)) blocks.set(key, []);
      blocks.get(key)!.push({ id: row.id, input });
    }
  }
  const found = new Map<string, DuplicatePair>();
  for (const members of blocks.values()) {
    if (members.length > 2000) continue;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] =
          members[i]!.id < members[j]!.id ? [members[i]!, members[j]!] : [members[j]!, members[i]!];
        const key = `${x.id}|${y.id}`;
        if (found.has(key)) continue;
        const pair = scoreCompanyPair(x.input, y.input);
        if (pair && pair.score >= SCAN_SCORE)
          found.set(key, { a: x.id, b: y.id, score: pair.score, reasons: pair.reasons });
      }
    }
  }
  return [...found.values()];
}

/**
 * Finds the likely duplicates among a workspace's live contacts or companies, leaves out pairs
 * someone dismissed, groups the rest and replaces the previous scan's groups with them.
 */
export async function scanDuplicates(
  db: Db,
  workspaceId: string,
  object: DuplicateObject,
): Promise<{ groups: number; pairs: number }> {
  const scored =
    object === "contact" ? await contactPairs(db, workspaceId) : await companyPairs(db, workspaceId);
  const dismissed = await dismissedPairs(db, workspaceId, object);
  const pairs = scored.filter((p) => !dismissed.has(`${p.a}|${p.b}`));
  const groups = groupPairs(pairs).map((g) => ({
    id: newId(),
    recordIds: g.ids,
    score: g.score,
    pairs: g.pairs,
  }));
  await db.transaction((tx) => replaceGroups(tx, workspaceId, object, groups));
  return { groups: groups.length, pairs: pairs.length };
}

/** One workspace's scan of one object; "Scan now" and the nightly sweep enqueue it. */
export const scanDuplicatesJob = defineJob({
  name: "duplicates.scan",
  description: "Finds likely duplicate contacts or companies and groups them for review",
  scope: "workspace",
  payload: z.object({ workspaceId: z.uuid(), object: DuplicateObject }),
  // One waiting per workspace and object: pressing "Scan now" twice does not queue two scans.
  policy: "short",
  singletonKey: ({ workspaceId, object }) => `${workspaceId}:${object}`,
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async ({ workspaceId, object }, { db, log }) => {
    const result = await scanDuplicates(db, workspaceId, object);
    log.info({ workspaceId, object, ...result }, "scanned for duplicates");
    return result;
  },
});

/** Nightly: a contact scan and a company scan for every workspace. */
export const sweepDuplicatesJob = defineJob({
  name: "duplicates.sweep",
  description: "Starts the nightly duplicate scan of every workspace",
  scope: "system",
  payload: z.object({}),
  policy: "short",
  cron: { schedule: "41 2 * * *", payload: {} },
  handler: async (_payload, { db, enqueue }) => {
    const rows = await db.select({ id: workspaces.id }).from(workspaces);
    for (const { id } of rows) {
      for (const object of DuplicateObject.options)
        await enqueue(scanDuplicatesJob, { workspaceId: id, object });
    }
    return { workspaces: rows.length };
  },
});
