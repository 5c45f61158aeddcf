import {
  type CompanyMatchInput,
  type ContactMatchInput,
  type DuplicateCandidateDto,
  scoreCompanyPair,
  scoreContactPair,
  workEmailDomain,
} from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { companyCandidates, contactCandidates } from "./duplicate.store.ts";
import { companyMatchInput, contactMatchInput } from "./match-input.ts";

type Scored = DuplicateCandidateDto & { blocking: boolean };

const best = (list: Scored[]) =>
  list.sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName));

/**
 * No parallel plans for the rest of the create's transaction (the check runs inside it). An `&&`
 * on the match keys has no statistics to estimate it by (the index is partial), so PostgreSQL
 * guesses thousands of rows and starts two workers to sort the one it finds: 8 ms of a create on an
 * idle machine, hundreds on a busy one, where reading the index takes under one.
 */
const serialPlans = (db: Db) => db.execute(sql`set local max_parallel_workers_per_gather = 0`);

/** Existing contacts that a new one with these values would likely duplicate, best first. */
export async function contactDuplicates(
  db: Db,
  workspaceId: string,
  probe: ContactMatchInput,
): Promise<Scored[]> {
  await serialPlans(db);
  const domains = [...new Set(probe.emails.map(workEmailDomain).filter((d): d is string => d !== null))];
  const rows = await contactCandidates(db, workspaceId, {
    keys: [...probe.emails.map((e) => `e:${e}`), ...probe.phones.map((p) => `p:${p}`)],
    domains,
    companyIds: probe.companyIds,
    firstName: probe.firstName,
    lastName: probe.lastName,
  });
  return best(
    rows.flatMap((row) => {
      const pair = scoreContactPair(probe, contactMatchInput(row));
      return pair ? [{ id: row.id, displayName: row.display_name, ...pair }] : [];
    }),
  );
}

/** Existing companies that a new one would likely duplicate, best first. */
export async function companyDuplicates(
  db: Db,
  workspaceId: string,
  probe: CompanyMatchInput,
): Promise<Scored[]> {
  await serialPlans(db);
  const rows = await companyCandidates(db, workspaceId, probe);
  return best(
    rows.flatMap((row) => {
      const pair = scoreCompanyPair(probe, companyMatchInput(row));
      return pair ? [{ id: row.id, displayName: row.name, ...pair }] : [];
    }),
  );
}

/**
 * Refuses a create when strong evidence (same email, same phone, very similar name at the same
 * company or domain, same company name) says the record exists: a 409 listing the candidates.
 */
export function assertNotDuplicate(object: "contact" | "company", candidates: Scored[]) {
  const blocking = candidates.filter((c) => c.blocking);
  if (blocking.length === 0) return;
  const names = blocking
    .slice(0, 3)
    .map((c) => `${c.displayName} (${c.reasons.join(", ")})`)
    .join("; ");
  throw new AppError(
    "likely_duplicate",
    `This ${object} looks like one that exists: ${names}. Open that one, merge, or send the create again with ?allowDuplicate=true.`,
    {
      extra: {
        candidates: blocking.map(({ id, displayName, score, reasons }) => ({
          id,
          displayName,
          score,
          reasons,
        })),
      },
    },
  );
}
