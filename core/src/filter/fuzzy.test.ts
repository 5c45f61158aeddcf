import { describe, expect, it } from "vitest";
import { foldText, fuzzyMatches, searchTextOf } from "./fuzzy.ts";
import { evaluateFilter, fieldResolverFromMap } from "./index.ts";

describe("fuzzy matching", () => {
  it("folds accents and case", () => {
    expect(foldText("Zoë ÅNGSTRÖM")).toBe("zoe angstrom");
  });

  it("reduces phone-like queries to digits, and leaves other text alone", () => {
    expect(searchTextOf("+1 (415) 555-0123")).toBe("14155550123");
    expect(searchTextOf("12")).toBe("12");
    expect(searchTextOf(" acme 2 ")).toBe("acme 2");
  });

  it("forgives typos, accents and phone formats", () => {
    expect(fuzzyMatches("jonh smiht", "John Smith")).toBe(true);
    expect(fuzzyMatches("zoe", "Zoë Ångström")).toBe(true);
    expect(fuzzyMatches("acme corp", "ACME Corporation Ltd.")).toBe(true);
    expect(fuzzyMatches("415-555-0123", "+1 (415) 555 0123")).toBe(true);
    expect(fuzzyMatches("jane doe", "John Smith")).toBe(false);
    expect(fuzzyMatches("415-555-9999", "+1 (415) 555 0123")).toBe(false);
  });

  it("is what the matches operator does in memory", () => {
    const fields = fieldResolverFromMap({ name: { type: "text" } });
    const filter = { field: "name", op: "matches" as const, value: "jonh" };
    const ctx = { userId: null, now: new Date(), timeZone: "UTC" };
    expect(evaluateFilter(filter, { name: "John" }, ctx, fields)).toBe(true);
    expect(evaluateFilter(filter, { name: "Mary" }, ctx, fields)).toBe(false);
  });
});
