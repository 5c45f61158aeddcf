import { describe, expect, it } from "vitest";
import { identifierPattern, identifiersOf, scrubJson, scrubText } from "./scrub.ts";

const ada = {
  firstName: "Ada",
  lastName: "O'Lovelace",
  displayName: "Ada O'Lovelace",
  emails: [{ value: "ada@example.com" }],
  phones: [{ value: "+44 20 7946 0958", e164: "+442079460958" }],
};

describe("scrubbing a person out of text", () => {
  const pattern = identifierPattern(identifiersOf(ada));

  it("replaces full and partial names, emails and phones, case-insensitively", () => {
    expect(scrubText("Called ada o'lovelace (ADA@example.com) on +44 20 7946 0958", pattern)).toBe(
      "Called [erased] ([erased]) on [erased]",
    );
    expect(scrubText("Lovelace, Ada said hi", pattern)).toBe("Lovelace, [erased] said hi");
  });

  it("leaves words that merely contain a name", () => {
    expect(scrubText("Adam and Adaline met Ada.", pattern)).toBe("Adam and Adaline met [erased].");
  });

  it("finds names as a sanitized HTML body spells them", () => {
    expect(scrubText("<p>Met Ada O&#39;Lovelace</p>", pattern)).toBe("<p>Met [erased]</p>");
  });

  it("walks JSON values, keeping keys and non-text values", () => {
    expect(scrubJson({ contact: { displayName: "Ada O'Lovelace", n: 3, tags: ["ada"] } }, pattern)).toEqual({
      contact: { displayName: "[erased]", n: 3, tags: ["[erased]"] },
    });
  });

  it("ignores one-letter identifiers and an empty person", () => {
    const p = identifierPattern(
      identifiersOf({ firstName: "J", lastName: null, displayName: "J", emails: [], phones: [] }),
    );
    expect(p).toBeNull();
    expect(scrubText("J was here", p)).toBe("J was here");
  });
});
