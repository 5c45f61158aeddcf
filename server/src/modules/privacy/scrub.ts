/** What replaces an erased person's name, email or phone inside text that stays. */
export const ERASED_MARK = "[erased]";

type Person = {
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  emails: { value: string }[];
  phones: { value: string; e164?: string | null }[];
};

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The strings that identify a person in free text: their full and partial names, emails and phones
 * (as typed and in E.164), with the HTML-escaped spellings a sanitized body holds. Longest first, so
 * "Ada Lovelace" is replaced whole before "Ada".
 */
export function identifiersOf(person: Person): string[] {
  const names = [
    person.displayName,
    [person.firstName, person.lastName].filter(Boolean).join(" "),
    [person.lastName, person.firstName].filter(Boolean).join(", "),
    person.firstName ?? "",
    person.lastName ?? "",
  ];
  const contacts = [
    ...person.emails.map((e) => e.value),
    ...person.phones.flatMap((p) => [p.value, p.e164 ?? ""]),
  ];
  const all = [...names, ...contacts].map((s) => s.trim()).filter((s) => s.length >= 2);
  const withHtml = all.flatMap((s) => [s, escapeHtml(s)]);
  return [...new Set(withHtml)].sort((a, b) => b.length - a.length);
}

/**
 * A matcher for the identifiers, case-insensitive and on word edges (so erasing "Ada" leaves
 * "Adam" alone), or null when there is nothing to look for.
 */
export function identifierPattern(identifiers: string[]): RegExp | null {
  if (identifiers.length === 0) return null;
  const alternatives = identifiers.map(escapeRegExp).join("|");
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "giu");
}

/** Text with every identifier replaced by {@link ERASED_MARK}. */
export function scrubText(text: string, pattern: RegExp | null): string {
  return pattern ? text.replace(pattern, ERASED_MARK) : text;
}

/** A JSON value with identifiers scrubbed from every string in it, keys kept. */
export function scrubJson(value: unknown, pattern: RegExp | null): unknown {
  if (!pattern || value === null || value === undefined) return value;
  if (typeof value === "string") return scrubText(value, pattern);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, pattern));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, pattern)]));
  }
  return value;
}
