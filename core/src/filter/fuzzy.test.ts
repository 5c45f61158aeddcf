import { describe, expect, it } from "vitest";
import {
  allowedEdits,
  editDistance,
  fewestAlternatives,
  foldText,
  fuzzyMatches,
  oneEditVariants,
  searchTextOf,
} from "./fuzzy.ts";
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
    // Every word, in any order, as typed or within its allowed edits of a word of the text.
    expect(fuzzyMatches("smiht jonh", "John Smith")).toBe(true);
    expect(fuzzyMatches("john berg", "Johanna Berg")).toBe(false);
    expect(fuzzyMatches("joh", "Johanna Berg")).toBe(true);
    expect(fuzzyMatches("jhn", "John Smith")).toBe(false);
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

describe("edit distance", () => {
  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("jonh", "john")).toBe(1);
    expect(editDistance("smiht", "smith")).toBe(1);
  });

  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("smith", "smith")).toBe(0);
    expect(editDistance("jon", "john")).toBe(1);
  });

  it("stops at the limit", () => {
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("allows more edits in longer words", () => {
    expect(allowedEdits("joe")).toBe(0);
    expect(allowedEdits("jonh")).toBe(1);
    expect(allowedEdits("smiht")).toBe(1);
    expect(allowedEdits("johnson")).toBe(2);
  });
});

describe("one-edit variants", () => {
  it("holds each kind of single edit, all one edit away, and not the word itself", () => {
    const variants = oneEditVariants("lpoez");
    for (const meant of ["lopez", "lpez", "lpoeza", "lboez"]) expect(variants).toContain(meant);
    expect(variants).not.toContain("lpoez");
    expect(variants.every((v) => editDistance("lpoez", v) === 1)).toBe(true);
  });
});

describe("fewest alternatives", () => {
  it("drops the alternatives and words that others already find, keeping what matches", () => {
    expect(fewestAlternatives([["william"], ["williams", "william"]])).toEqual([["william"]]);
    expect(fewestAlternatives([["john"], ["smith", "smiths", "smit"]])).toEqual([["john"], ["smit"]]);
    expect(fewestAlternatives([["anna"], ["anna"]])).toEqual([["anna"]]);
    // "williams" implies "william": a text holding both words holds "williams".
    expect(fewestAlternatives([["william"], ["williams"]])).toEqual([["williams"]]);
    expect(fewestAlternatives([["lopez", "lopes"], ["lopez"]])).toEqual([["lopez"]]);
    expect(fewestAlternatives([["ann", "bob"], ["anne"]])).toEqual([["anne"]]);
    // Neither implies the other: both stay.
    expect(fewestAlternatives([["ann", "bob"], ["carl"]])).toEqual([["ann", "bob"], ["carl"]]);
  });

  it("keeps a word nothing is close to, so the search still matches nothing", () => {
    expect(fewestAlternatives([["john"], []])).toEqual([[]]);
    expect(fewestAlternatives([])).toEqual([]);
  });
});
