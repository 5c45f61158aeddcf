import type { PermissionObject } from "@rapport/core";
import {
  foldText,
  fuzzySimilarity,
  type SearchHit,
  type SearchMatch,
  type SearchType,
  searchTextOf,
} from "@rapport/core";
import { type SQL, sql } from "drizzle-orm";
import { seesField } from "../../platform/auth/field-rules.ts";
import { allowed, visibleWhere } from "../../platform/auth/permissions.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { contactSearchTextSeenBy } from "../contacts/contact.fields.ts";
import { type SearchRow, searchRecords } from "./search.store.ts";

const SEARCH_OBJECTS: Record<SearchType, PermissionObject> = {
  contact: "contacts",
  company: "companies",
  deal: "deals",
};

/** Ranked contacts, companies and deals of the caller's workspace that match `q`. */
export async function search(
  db: Db,
  principal: Principal,
  input: { q: string; types: SearchType[]; limit: number },
): Promise<SearchHit[]> {
  const text = searchTextOf(input.q);
  // Only the types the role may read, and of those only the records it sees.
  const types = input.types.filter((type) => allowed(principal, SEARCH_OBJECTS[type], "read"));
  if (types.length === 0) return [];
  const visible = Object.fromEntries(
    types.map((type) => [
      type,
      visibleWhere(principal, SEARCH_OBJECTS[type], {
        workspaceId: sql`r.workspace_id`,
        id: sql`r.id`,
        owners: [sql`r.owner_id`],
      }),
    ]),
  ) as Record<SearchType, SQL | undefined>;
  const narrowed = contactSearchTextSeenBy(principal, {
    displayName: sql`r.display_name`,
    emails: sql`r.emails`,
    phones: sql`r.phones`,
    tags: sql`r.tags`,
  });
  const rows = await searchRecords(db, principal.workspaceId, text, types, input.limit, visible, {
    ...(narrowed ? { contact: narrowed } : {}),
  });
  return rows.map((row) => toSearchHit(withoutHiddenFields(principal, row), text));
}

/**
 * The row without what the caller's role hides: a contact's subtitle is its email, phone or job
 * title, whichever it has, so a hidden one is neither shown nor offered as what matched.
 */
function withoutHiddenFields(principal: Principal, row: SearchRow): SearchRow {
  if (row.type !== "contact") return row;
  const sees = (field: string) => seesField(principal, "contacts", field);
  const emails = sees("emails") ? row.emails : [];
  const phones = sees("phones") ? row.phones : [];
  const subtitle = row.subtitle ?? "";
  const fromEmail = row.emails.includes(subtitle);
  const fromPhone = !fromEmail && row.phones.some((p) => p.split(" ").includes(subtitle));
  const hiddenSubtitle =
    (fromEmail && !sees("emails")) ||
    (fromPhone && !sees("phones")) ||
    (!fromEmail && !fromPhone && !sees("jobTitle"));
  return { ...row, emails, phones, subtitle: hiddenSubtitle ? null : row.subtitle };
}

function toSearchHit(row: SearchRow, text: string): SearchHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    score: Math.round(row.score * 1000) / 1000,
    matched: matchedField(row, text),
  };
}

/**
 * The field that explains the match, for the caller to show: the SQL ranks on all of a record's
 * text at once, so this re-scores the few returned rows field by field (ties go to the name).
 */
export function matchedField(row: SearchRow, text: string): SearchMatch {
  const query = foldText(text);
  const candidates: [SearchMatch, string[]][] = [
    ["name", [row.title]],
    ["email", row.emails],
    ["phone", row.phones.map((p) => p.replace(/[^\d ]/g, ""))],
    ["domain", row.domains],
    ["tag", row.tags],
  ];
  let best: SearchMatch = "name";
  let bestScore = -1;
  for (const [field, values] of candidates) {
    for (const value of values) {
      const folded = foldText(value);
      // Containing the query outright beats any share of trigrams.
      const score = folded.includes(query) ? 2 : fuzzySimilarity(query, folded);
      if (score > bestScore) [best, bestScore] = [field, score];
    }
  }
  return best;
}
