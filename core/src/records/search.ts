import { z } from "zod";

/** The kinds of record search looks through; later issues add notes, emails and tickets. */
export const SEARCH_TYPES = ["contact", "company", "deal"] as const;
export const SearchType = z.enum(SEARCH_TYPES);
export type SearchType = z.infer<typeof SearchType>;

/** Which part of a record matched the query best. */
export const SEARCH_MATCHES = ["name", "email", "phone", "domain", "tag"] as const;
export const SearchMatch = z.enum(SEARCH_MATCHES);
export type SearchMatch = z.infer<typeof SearchMatch>;

export const MAX_SEARCH_LIMIT = 50;
export const MAX_SEARCH_QUERY = 200;

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, "Type what to search for: a name, an email, a phone, a domain or a tag")
    .max(MAX_SEARCH_QUERY)
    .describe("What to look for; typos, accents and case do not matter, and a prefix is enough"),
  types: z
    .string()
    .max(100)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return [...SEARCH_TYPES];
      const types = [...new Set(value.split(",").map((t) => t.trim()))];
      const unknown = types.filter((t) => !(SEARCH_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `Unknown type ${unknown.map((t) => `'${t}'`).join(", ")}: use ${SEARCH_TYPES.join(", ")}`,
        });
        return z.NEVER;
      }
      return types as SearchType[];
    })
    .describe(`Comma-separated kinds of record: ${SEARCH_TYPES.join(",")} (default all)`),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export const SearchHit = z.object({
  type: SearchType,
  id: z.uuid(),
  title: z.string(),
  subtitle: z.string().nullable().describe("A line that tells records with the same title apart"),
  score: z.number().describe("Higher is better; comparable across types within one answer"),
  matched: SearchMatch,
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResults = z.object({ data: z.array(SearchHit) });
export type SearchResults = z.infer<typeof SearchResults>;
