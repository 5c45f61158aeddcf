import { z } from "zod";
import { Problem } from "../problem.ts";
import type { PermissionObject } from "../roles.ts";
import { FREE_MAIL_DOMAINS } from "./free-mail.ts";

/**
 * Duplicate detection rules for contacts and companies, in one place: the server's check on create,
 * the background scan and the evaluation script all score pairs here. SQL only narrows the
 * candidates (same key, same company, same domain…); whether two records are duplicates, how
 * likely, and why is decided by these functions.
 */
export const DUPLICATE_OBJECTS = ["contact", "company"] as const;
export const DuplicateObject = z.enum(DUPLICATE_OBJECTS);
export type DuplicateObject = z.infer<typeof DuplicateObject>;

/** The permission object whose records a duplicate group holds. */
export const DUPLICATE_RECORDS = { contact: "contacts", company: "companies" } as const satisfies Record<
  DuplicateObject,
  PermissionObject
>;

export const DUPLICATE_REASONS = [
  "same_email",
  "same_phone",
  "similar_name_same_company",
  "similar_name_same_domain",
  "similar_name_same_birthday",
  "similar_name_same_address",
  "same_birthday_same_address",
  "same_domain",
  "similar_company_name",
] as const;
export const DuplicateReason = z.enum(DUPLICATE_REASONS);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

/** A likely duplicate of a record: 0–1 (1: certainly the same) and why. */
export const DuplicateCandidateDto = z.object({
  id: z.uuid(),
  displayName: z.string(),
  score: z.number().min(0).max(1),
  reasons: z.array(DuplicateReason),
});
export type DuplicateCandidateDto = z.infer<typeof DuplicateCandidateDto>;

/** The 409 of a create that looks like a duplicate: the likely duplicates, best first. */
export const DuplicateProblem = Problem.extend({ candidates: z.array(DuplicateCandidateDto) });
export type DuplicateProblem = z.infer<typeof DuplicateProblem>;

/** A group of records the scan found likely to be one, with the evidence per pair. */
export const DuplicateGroupDto = z.object({
  id: z.uuid(),
  object: DuplicateObject,
  score: z.number(),
  records: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
  pairs: z.array(
    z.object({ a: z.uuid(), b: z.uuid(), score: z.number(), reasons: z.array(DuplicateReason) }),
  ),
  foundAt: z.string(),
});
export type DuplicateGroupDto = z.infer<typeof DuplicateGroupDto>;

export const MergeBody = z.strictObject({
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()).min(1).max(20),
  values: z
    .record(z.string().max(100), z.uuid())
    .optional()
    .describe("Per field, the id of the record whose value survives; by default the most recent non-empty"),
});
export type MergeBody = z.infer<typeof MergeBody>;

/** Reasons strong enough to stop a create (answered 409 unless `allowDuplicate=true`). */
export const BLOCKING_REASONS: ReadonlySet<DuplicateReason> = new Set([
  "same_email",
  "same_phone",
  "similar_name_same_company",
  "similar_name_same_domain",
  "same_domain",
  "similar_company_name",
]);
/** A blocking reason stops a create only from this score on. */
export const BLOCKING_SCORE = 0.85;
/** The scan keeps pairs from this score on. */
export const SCAN_SCORE = 0.7;

/** Lower case, no accents, letters and digits only, single spaces. */
export function foldName(value: string | null | undefined): string {
  return (value ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Jaro-Winkler similarity of two strings, 0–1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * How alike two people's names are, 0–1: accents and case ignored, first and last name possibly
 * swapped. With only one part on either side, that part is compared with the other's parts.
 */
export function personNameSimilarity(
  a: { firstName?: string | null; lastName?: string | null },
  b: { firstName?: string | null; lastName?: string | null },
): number {
  const [af, al, bf, bl] = [
    foldName(a.firstName),
    foldName(a.lastName),
    foldName(b.firstName),
    foldName(b.lastName),
  ];
  if (!(af || al) || !(bf || bl)) return 0;
  if (af && al && bf && bl) {
    const straight = (jaroWinkler(af, bf) + jaroWinkler(al, bl)) / 2;
    const swapped = (jaroWinkler(af, bl) + jaroWinkler(al, bf)) / 2;
    // Whole-name comparison catches a split in a different place ("Mary Ann | Lee" vs "Mary | Ann Lee").
    const whole = jaroWinkler(`${af} ${al}`, `${bf} ${bl}`);
    return Math.max(straight, swapped, whole);
  }
  // One side has a single part: a match on it is weaker evidence than a full name.
  const partsA = [af, al].filter(Boolean);
  const partsB = [bf, bl].filter(Boolean);
  let best = 0;
  for (const x of partsA) for (const y of partsB) best = Math.max(best, jaroWinkler(x, y));
  return best * 0.9;
}

const LEGAL_FORMS = new Set([
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "co",
  "company",
  "ltd",
  "limited",
  "llc",
  "llp",
  "plc",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "pty",
  "kg",
  "the",
]);

/** A company name without accents, punctuation and legal forms: "ACME Corporation Ltd." → "acme". */
export function companyNameKey(name: string | null | undefined): string {
  // Dots go first, so "S.A." is one word (sa), not two.
  const words = foldName((name ?? "").replaceAll(".", ""))
    .split(" ")
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length > 0 ? kept : words).join(" ");
}

/** The domain of an email address, lower-cased; null for free-mail domains, which say nothing. */
export function workEmailDomain(email: string): string | null {
  const domain = email.trim().toLowerCase().split("@")[1];
  return domain && !FREE_MAIL_DOMAINS.has(domain) ? domain : null;
}

/** What the contact rules compare. Emails lower-cased, phones in E.164. */
export type ContactMatchInput = {
  firstName: string | null;
  lastName: string | null;
  emails: string[];
  phones: string[];
  companyIds: string[];
  birthday: string | null;
  postalCode: string | null;
  street: string | null;
};

export type CompanyMatchInput = { name: string; domains: string[] };

export type PairScore = { score: number; reasons: DuplicateReason[]; blocking: boolean };

const intersects = <T>(a: readonly T[], b: readonly T[]) => a.some((x) => b.includes(x));

/**
 * Combines independent pieces of evidence: each reason has a probability-like weight, and the
 * pair's score is the chance that at least one of them is right (noisy-or).
 */
function combine(evidence: [DuplicateReason, number][]): PairScore | null {
  if (evidence.length === 0) return null;
  const score = 1 - evidence.reduce((p, [, w]) => p * (1 - w), 1);
  const rounded = Math.round(Math.min(1, score) * 1000) / 1000;
  const blocking = evidence.some(([r, w]) => BLOCKING_REASONS.has(r) && w >= BLOCKING_SCORE);
  return { score: rounded, reasons: evidence.map(([r]) => r), blocking };
}

/** The duplicate evidence between two contacts; null when there is none. */
export function scoreContactPair(a: ContactMatchInput, b: ContactMatchInput): PairScore | null {
  const evidence: [DuplicateReason, number][] = [];
  if (intersects(a.emails, b.emails)) evidence.push(["same_email", 0.99]);
  if (intersects(a.phones, b.phones)) evidence.push(["same_phone", 0.9]);
  const name = personNameSimilarity(a, b);
  if (name >= 0.88) {
    if (intersects(a.companyIds, b.companyIds)) evidence.push(["similar_name_same_company", name * 0.95]);
    const domainsA = a.emails.map(workEmailDomain).filter((d): d is string => d !== null);
    const domainsB = b.emails.map(workEmailDomain).filter((d): d is string => d !== null);
    if (intersects(domainsA, domainsB)) evidence.push(["similar_name_same_domain", name * 0.95]);
  }
  const sameBirthday = a.birthday !== null && a.birthday === b.birthday;
  const samePostcode = !!a.postalCode && foldName(a.postalCode) === foldName(b.postalCode);
  const street =
    samePostcode && a.street && b.street ? jaroWinkler(foldName(a.street), foldName(b.street)) : 0;
  if (name >= 0.85 && sameBirthday) evidence.push(["similar_name_same_birthday", name * 0.9]);
  if (name >= 0.85 && street >= 0.85) evidence.push(["similar_name_same_address", name * 0.85]);
  if (sameBirthday && street >= 0.85 && name < 0.85) evidence.push(["same_birthday_same_address", 0.75]);
  return combine(evidence);
}

/** The duplicate evidence between two companies; null when there is none. */
export function scoreCompanyPair(a: CompanyMatchInput, b: CompanyMatchInput): PairScore | null {
  const evidence: [DuplicateReason, number][] = [];
  if (intersects(a.domains, b.domains)) evidence.push(["same_domain", 0.95]);
  const keyA = companyNameKey(a.name);
  const keyB = companyNameKey(b.name);
  if (keyA && keyB) {
    const name = keyA === keyB ? 1 : jaroWinkler(keyA, keyB);
    if (name >= 0.92) evidence.push(["similar_company_name", name === 1 ? 0.9 : name * 0.8]);
  }
  return combine(evidence);
}

/**
 * Groups pairs into sets of records that are all, directly or through others, likely the same
 * (union-find); each group lists its own pairs and scores by its best pair.
 */
export function groupPairs<P extends { a: string; b: string; score: number }>(
  pairs: P[],
): { ids: string[]; pairs: P[]; score: number }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root)! !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    // The smaller id becomes the root, so groups come out the same whatever the pair order.
    const [low, high] = [find(a), find(b)].sort() as [string, string];
    if (low !== high) parent.set(high, low);
  }
  const groups = new Map<string, { ids: string[]; pairs: P[]; score: number }>();
  for (const id of [...parent.keys()].sort()) {
    const root = find(id);
    if (!groups.has(root)) groups.set(root, { ids: [], pairs: [], score: 0 });
    groups.get(root)!.ids.push(id);
  }
  for (const pair of pairs) {
    const group = groups.get(find(pair.a))!;
    group.pairs.push(pair);
    group.score = Math.max(group.score, pair.score);
  }
  return [...groups.values()].sort((x, y) => y.score - x.score);
}
