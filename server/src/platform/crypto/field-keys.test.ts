import { describe, expect, it } from "vitest";
import { FieldKeys, isSealedText } from "./field-keys.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

describe("field keys", () => {
  it("seals with AES-256-GCM under a fresh IV and opens again", () => {
    const keys = new FieldKeys(A);
    const one = keys.seal("123-45-6789");
    const two = keys.seal("123-45-6789");
    expect(one).not.toBe(two);
    expect(isSealedText(one)).toBe(true);
    expect(one).not.toContain("123-45-6789");
    expect(keys.open(one)).toBe("123-45-6789");
    expect(keys.isCurrent(one)).toBe(true);
  });

  it("refuses a tampered value", () => {
    const keys = new FieldKeys(A);
    const sealed = keys.seal("secret");
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(() => keys.open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`)).toThrow();
  });

  it("opens values of the previous secret, and names the missing key otherwise", () => {
    const old = new FieldKeys(A).seal("kept");
    const rotated = new FieldKeys(B, A);
    expect(rotated.open(old)).toBe("kept");
    expect(rotated.isCurrent(old)).toBe(false);
    expect(() => new FieldKeys(B).open(old)).toThrow(/RAPPORT_SECRET_PREVIOUS/);
  });

  it("hashes for exact match under each key, differently per secret", () => {
    const keys = new FieldKeys(B, A);
    expect(keys.mac("x")).toBe(new FieldKeys(B).mac("x"));
    expect(keys.macs("x")).toEqual([new FieldKeys(B).mac("x"), new FieldKeys(A).mac("x")]);
    expect(keys.mac("x")).not.toBe(keys.mac("y"));
  });

  it("passes text that was never sealed through", () => {
    expect(new FieldKeys(A).open("JBSWY3DPEHPK3PXP")).toBe("JBSWY3DPEHPK3PXP");
  });
});
