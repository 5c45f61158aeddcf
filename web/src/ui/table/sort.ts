/** One key of a multi-key sort, as the list endpoints take it (`-amount,name`). */
export type SortKey = { field: string; desc: boolean };

/** The list endpoints use at most this many sort keys. */
export const MAX_SORT_KEYS = 5;

export function parseSort(text: string): SortKey[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.startsWith("-") ? { field: part.slice(1), desc: true } : { field: part, desc: false },
    );
}

export function formatSort(keys: readonly SortKey[]): string {
  return keys.map((k) => (k.desc ? `-${k.field}` : k.field)).join(",");
}

/**
 * The sort after clicking a column header: a plain click sorts by that column alone (a second click
 * flips its direction); with `additive` (shift-click) the column is added as the next key, or its
 * direction flips if it is already a key.
 */
export function nextSort(current: readonly SortKey[], field: string, additive: boolean): SortKey[] {
  const existing = current.find((k) => k.field === field);
  if (additive) {
    if (existing) return current.map((k) => (k.field === field ? { field, desc: !k.desc } : k));
    return [...current, { field, desc: false }].slice(0, MAX_SORT_KEYS);
  }
  if (existing && current.length === 1) return [{ field, desc: !existing.desc }];
  return [{ field, desc: false }];
}
