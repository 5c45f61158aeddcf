import { describe, expect, it } from "vitest";
import { BoardPosition, comparePositions, positionBetween } from "./board-position.ts";

const compare = comparePositions;

describe("positionBetween", () => {
  it.each([
    [null, null, "0"],
    [null, "0", "-1"],
    [null, "-3.25", "-4"],
    ["7", null, "8"],
    ["-0.5", null, "0"],
    ["1", "3", "2"],
    ["1", "2", "1.5"],
    ["1", "1.1", "1.05"],
    ["-1", "1", "0"],
    ["-2", "-1", "-1.5"],
    ["0.1", "0.9", "0.5"],
    ["1.19", "1.2", "1.195"],
  ])("between %s and %s is %s", (before, after, expected) => {
    expect(positionBetween(before, after)).toBe(expected);
  });

  it("always lands strictly between, even after many splits of the same gap", () => {
    let low = "0";
    let high = "1";
    for (let i = 0; i < 200; i++) {
      const middle = positionBetween(low, high);
      expect(BoardPosition.safeParse(middle).success).toBe(true);
      expect(compare(low, middle)).toBe(-1);
      expect(compare(middle, high)).toBe(-1);
      if (i % 2 === 0) low = middle;
      else high = middle;
    }
    expect(low.length).toBeLessThan(100);
  });

  it("keeps a column of appended and prepended cards in order", () => {
    const keys = ["0"];
    for (let i = 0; i < 50; i++) keys.push(positionBetween(keys.at(-1)!, null));
    for (let i = 0; i < 50; i++) keys.unshift(positionBetween(null, keys[0]!));
    const sorted = [...keys].sort(compare);
    expect(sorted).toEqual(keys);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(3);
  });

  it("refuses a gap that is empty or reversed", () => {
    expect(() => positionBetween("2", "1")).toThrow(RangeError);
    expect(() => positionBetween("1.0", "1")).toThrow(RangeError);
    expect(() => positionBetween("abc", null)).toThrow(RangeError);
  });
});

describe("comparePositions", () => {
  it("orders exactly, with unplaced cards last", () => {
    expect(comparePositions("0.10000000000000000001", "0.1")).toBe(1);
    expect(comparePositions("-2", "1.5")).toBe(-1);
    expect(comparePositions("1.50", "1.5")).toBe(0);
    expect(comparePositions(null, "1")).toBe(1);
    expect(comparePositions("1", null)).toBe(-1);
  });
});

describe("BoardPosition", () => {
  it.each(["0", "-1", "12.5", "-0.001"])("accepts %s", (value) => {
    expect(BoardPosition.safeParse(value).success).toBe(true);
  });
  it.each(["", "1.", ".5", "1e3", "abc", "1".repeat(21)])("refuses %j", (value) => {
    expect(BoardPosition.safeParse(value).success).toBe(false);
  });
});
