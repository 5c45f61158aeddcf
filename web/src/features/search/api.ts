import type { SearchResults, SearchType } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

const LIMIT = 15;

export type Found = { id: string; object: SearchType; label: string; description: string };
export type FoundGroups = { group: "contacts" | "companies" | "deals"; items: Found[] }[];

const GROUP = { contact: "contacts", company: "companies", deal: "deals" } as const;

/**
 * Contacts, companies and deals ranked by the search endpoint (typos, accents and phone formats
 * forgiven), grouped by kind; the group holding the best match comes first.
 */
export const paletteSearchQuery = (text: string) =>
  queryOptions({
    queryKey: ["palette-search", text],
    enabled: text.length >= 2,
    staleTime: 10_000,
    queryFn: async (): Promise<FoundGroups> => {
      const { data } = await api<SearchResults>(
        "GET",
        `/search?q=${encodeURIComponent(text)}&limit=${LIMIT}`,
      );
      const groups = new Map<Found["object"], Found[]>();
      for (const hit of data) {
        const items = groups.get(hit.type) ?? [];
        items.push({ id: hit.id, object: hit.type, label: hit.title, description: hit.subtitle ?? "" });
        groups.set(hit.type, items);
      }
      return [...groups].map(([type, items]) => ({ group: GROUP[type], items }));
    },
  });
