import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./accounts.ts";

/**
 * Every word of a workspace's searchable text (letters only, 3–40 of them), which search corrects a
 * query's misspelt words against before it looks records up. Triggers on contacts, companies and
 * deals add the words of what they write (hand-written SQL in the search-words migration); words
 * no record holds any more are harmless (a correction that finds nothing) and pruned by erasure.
 */
export const searchWords = pgTable(
  "search_words",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    word: text("word").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.word] }),
    // Written without a pending list (migration 0018): every corrected search word reads it.
    index("search_words_trgm_idx").using("gin", t.workspaceId, t.word.op("gin_trgm_ops")),
  ],
);
