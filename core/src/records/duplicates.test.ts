import { describe, expect, it } from "vitest";
import {
  type ContactMatchInput,
  companyNameKey,
  foldName,
  groupPairs,
  jaroWinkler,
  personNameSimilarity,
  scoreCompanyPair,
  scoreContactPair,
} from "./duplicates.ts";

const person = (over: Partial<ContactMatchInput> = {}): ContactMatchInput => ({
  firstName: "Ada",
  lastName: "Lovelace",
  emails: [],
  phones: [],
  companyIds: [],
  birthday: null,
  postalCode: null,
  street: null,
  ...over,
});

describe("name similarity", () => {
  it("computes Jaro-Winkler as published (MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813)", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.813, 3);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
    expect(jaroWinkler("", "")).toBe(0);
  });

  it("ignores accents, case and punctuation", () => {
    expect(foldName("  Zoë  O'Brien-ÅNGSTRÖM ")).toBe("zoe o brien angstrom");
    expect(
      personNameSimilarity(
        { firstName: "José", lastName: "Núñez" },
        { firstName: "jose", lastName: "NUNEZ" },
      ),
    ).toBe(1);
  });

  it("recognises first and last name swapped", () => {
    expect(
      personNameSimilarity(
        { firstName: "Lovelace", lastName: "Ada" },
        { firstName: "Ada", lastName: "Lovelace" },
      ),
    ).toBe(1);
  });

  it("scores a typo high and a different person low", () => {
    expect(
      personNameSimilarity(
        { firstName: "Jonh", lastName: "Smiht" },
        { firstName: "John", lastName: "Smith" },
      ),
    ).toBeGreaterThan(0.9);
    expect(
      personNameSimilarity(
        { firstName: "Ada", lastName: "Lovelace" },
        { firstName: "Grace", lastName: "Hopper" },
      ),
    ).toBeLessThan(0.6);
  });

  it("gives a missing name no similarity", () => {
    expect(
      personNameSimilarity({ firstName: null, lastName: null }, { firstName: "Ada", lastName: null }),
    ).toBe(0);
  });
});

describe("contact pairs", () => {
  it("flags the same email, blocking a create", () => {
    const pair = scoreContactPair(
      person({ emails: ["ada@gmail.com"] }),
      person({ firstName: "A.", emails: ["ada@gmail.com"] }),
    );
    expect(pair).toMatchObject({ reasons: ["same_email"], blocking: true });
    expect(pair!.score).toBeGreaterThanOrEqual(0.99);
  });

  it("flags the same phone", () => {
    const pair = scoreContactPair(
      person({ phones: ["+442079460958"] }),
      person({ firstName: "Bob", lastName: "Other", phones: ["+442079460958"] }),
    );
    expect(pair).toMatchObject({ reasons: ["same_phone"], blocking: true });
  });

  it("flags a similar name at the same company or work domain, not at a free-mail domain", () => {
    const company = scoreContactPair(
      person({ companyIds: ["c1"] }),
      person({ firstName: "Adah", companyIds: ["c1"] }),
    );
    expect(company).toMatchObject({ reasons: ["similar_name_same_company"], blocking: true });
    const domain = scoreContactPair(
      person({ emails: ["ada@acme.com"] }),
      person({ emails: ["a.lovelace@acme.com"] }),
    );
    expect(domain?.reasons).toEqual(["similar_name_same_domain"]);
    expect(
      scoreContactPair(person({ emails: ["ada@gmail.com"] }), person({ emails: ["lovelace@gmail.com"] })),
    ).toBeNull();
  });

  it("does not pair a similar name alone, nor the same company with a different name", () => {
    expect(scoreContactPair(person(), person())).toBeNull();
    expect(
      scoreContactPair(
        person({ companyIds: ["c1"] }),
        person({ firstName: "Grace", lastName: "Hopper", companyIds: ["c1"] }),
      ),
    ).toBeNull();
  });

  it("uses birthday and address as weaker evidence that does not block a create", () => {
    const pair = scoreContactPair(
      person({ birthday: "1815-12-10", postalCode: "2000", street: "12 St James Square" }),
      person({
        lastName: "Lovelace-King",
        birthday: "1815-12-10",
        postalCode: "2000",
        street: "12 st. james sq",
      }),
    );
    expect(pair?.reasons).toContain("similar_name_same_birthday");
    expect(pair?.blocking).toBe(false);
  });

  it("combines evidence: two reasons score higher than either", () => {
    const one = scoreContactPair(person({ phones: ["+1"] }), person({ phones: ["+1"] }))!;
    const two = scoreContactPair(
      person({ phones: ["+1"], companyIds: ["c"] }),
      person({ phones: ["+1"], companyIds: ["c"] }),
    )!;
    expect(two.score).toBeGreaterThan(one.score);
    expect(two.score).toBeLessThanOrEqual(1);
  });
});

describe("company pairs", () => {
  it("strips legal forms and accents from names", () => {
    expect(companyNameKey("ACME Corporation Ltd.")).toBe("acme");
    expect(companyNameKey("Société Générale S.A.")).toBe("societe generale");
    expect(companyNameKey("The Company")).toBe("the company");
  });

  it("flags the same domain and the same name, not merely related names", () => {
    expect(
      scoreCompanyPair({ name: "Acme", domains: ["acme.com"] }, { name: "Other", domains: ["acme.com"] }),
    ).toMatchObject({
      reasons: ["same_domain"],
      blocking: true,
    });
    expect(
      scoreCompanyPair({ name: "ACME Corp.", domains: [] }, { name: "Acme Corporation Ltd", domains: [] }),
    ).toMatchObject({
      reasons: ["similar_company_name"],
      blocking: true,
    });
    expect(scoreCompanyPair({ name: "Acme", domains: [] }, { name: "Acme Labs", domains: [] })).toBeNull();
  });
});

describe("grouping", () => {
  it("joins pairs sharing a record into one group scored by its best pair", () => {
    const groups = groupPairs([
      { a: "1", b: "2", score: 0.8 },
      { a: "2", b: "3", score: 0.9 },
      { a: "4", b: "5", score: 0.75 },
    ]);
    expect(groups.map((g) => [g.ids, g.score, g.pairs.length])).toEqual([
      [["1", "2", "3"], 0.9, 2],
      [["4", "5"], 0.75, 1],
    ]);
  });
});
