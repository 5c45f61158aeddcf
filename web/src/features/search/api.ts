import type { CompanyDto, ContactDto, DealDto, Filter } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";
import { formatMoney } from "../../ui/format.ts";

const PER_OBJECT = 5;

type Page<T> = { data: T[] };
export type Found = {
  id: string;
  object: "contact" | "company" | "deal";
  label: string;
  description: string;
};

// Text fields match a part of the value; lists (all emails, domains) match a whole element.
const contains = (texts: string[], lists: string[], value: string): Filter => ({
  or: [
    ...texts.map((field) => ({ field, op: "contains" as const, value })),
    ...lists.map((field) => ({ field, op: "contains" as const, value: value.toLowerCase() })),
  ],
});

const list = <T>(object: string, filter: Filter, fields: string) =>
  api<Page<T>>("POST", `/${object}/query`, { filter, limit: PER_OBJECT, fields: fields.split(",") });

/**
 * Records whose names (or emails, domains) contain what was typed, through the list API until the
 * search endpoint ranks them across objects.
 */
export const paletteSearchQuery = (text: string) =>
  queryOptions({
    queryKey: ["palette-search", text],
    enabled: text.length >= 2,
    staleTime: 10_000,
    queryFn: async (): Promise<Record<"contacts" | "companies" | "deals", Found[]>> => {
      const [contacts, companies, deals] = await Promise.all([
        list<Pick<ContactDto, "id" | "displayName" | "email" | "jobTitle">>(
          "contacts",
          contains(["displayName", "email"], ["emails"], text),
          "displayName,email,jobTitle",
        ),
        list<Pick<CompanyDto, "id" | "name" | "domains">>(
          "companies",
          contains(["name"], ["domains"], text),
          "name,domains",
        ),
        list<Pick<DealDto, "id" | "name" | "amount" | "currency">>(
          "deals",
          contains(["name"], [], text),
          "name,amount,currency",
        ),
      ]);
      return {
        contacts: contacts.data.map((c) => ({
          id: c.id,
          object: "contact",
          label: c.displayName,
          description: [c.email, c.jobTitle].filter(Boolean).join(" · "),
        })),
        companies: companies.data.map((c) => ({
          id: c.id,
          object: "company",
          label: c.name,
          description: c.domains.join(", "),
        })),
        deals: deals.data.map((d) => ({
          id: d.id,
          object: "deal",
          label: d.name,
          description: d.amount === null ? "" : formatMoney(d.amount, d.currency),
        })),
      };
    },
  });
