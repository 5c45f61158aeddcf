import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Filter, FilterError, MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH, parseFilter } from "./schema.ts";

function parseError(json: unknown): FilterError {
  try {
    parseFilter(json);
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error("expected a FilterError");
}

const cond = { field: "name", op: "eq", value: "Ada" };

function nested(depth: number): unknown {
  let node: unknown = cond;
  for (let i = 0; i < depth; i++) node = { and: [node] };
  return node;
}

describe("parseFilter", () => {
  it("accepts conditions and nested groups", () => {
    const json = {
      and: [
        cond,
        { or: [{ field: "score", op: "between", value: [1, 2] }, { not: { field: "tags", op: "isEmpty" } }] },
        { field: "born", op: "eq", value: { relative: "last_n_days", n: 30 } },
        { field: "seen", op: "lt", value: { relative: "this_week" } },
        { field: "active", op: "eq", value: true },
      ],
    };
    expect(parseFilter(json)).toEqual(json);
    expect(parseFilter({ and: [] })).toEqual({ and: [] });
  });

  it.each([
    [
      "and[0].op",
      { and: [{ field: "name", op: "equals", value: "x" }] },
      /Unknown operator 'equals' at and\[0\]\.op: use one of eq, neq/,
    ],
    [
      "and[2].value",
      { and: [cond, cond, { field: "x", op: "eq", value: null }] },
      /Null value at and\[2\]\.value: use the isEmpty/,
    ],
    ["or[0].field", { or: [{ op: "eq", value: 1 }] }, /Missing field at or\[0\]\.field/],
    ["field", { field: 3, op: "eq" }, /Field must be text, got 3 at field/],
    ["op", { field: "name", value: 1 }, /Missing operator at op/],
    ["valu", { field: "name", op: "eq", valu: 1 }, /Unknown key 'valu' at the top level/],
    ["and", { and: {} }, /Expected a list at and/],
    ["", { and: [], or: [] }, /A group takes exactly one key at the top level, found and, or/],
    ["not", { not: [cond] }, /Expected a condition or a group at not, got a list/],
    ["and[0]", { and: ["x"] }, /Expected a condition or a group at and\[0\], got 'x'/],
    ["value[0]", { field: "n", op: "in", value: [[1]] }, /Nested list at value\[0\]/],
    [
      "value.relative",
      { field: "d", op: "eq", value: { relative: "someday" } },
      /Unknown relative date 'someday' at value\.relative: use one of today/,
    ],
    [
      "value.n",
      { field: "d", op: "eq", value: { relative: "last_n_days" } },
      /Missing n at value\.n: last_n_days needs a whole number of days/,
    ],
    ["value.n", { field: "d", op: "eq", value: { relative: "last_n_days", n: 0 } }, /Invalid n 0/],
    ["value.n", { field: "d", op: "eq", value: { relative: "last_n_days", n: 1.5 } }, /Invalid n 1\.5/],
    ["value.n", { field: "d", op: "eq", value: { relative: "today", n: 3 } }, /today takes only relative/],
    ["value", { field: "d", op: "eq", value: { from: 1 } }, /Unsupported value at value/],
    ["value", { field: "d", op: "eq", value: "x".repeat(1001) }, /Text too long at value/],
    ["field", { field: "x".repeat(201), op: "isEmpty" }, /Field name too long/],
    ["value", { field: "n", op: "eq", value: Number.NaN }, /must be finite/],
    ["", "name = 'x'", /Expected a condition or a group at the top level/],
  ])("explains the problem at '%s'", (path, json, message) => {
    const error = parseError(json);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.issues[0]).toMatchObject({ path });
  });

  it(`limits nesting to ${MAX_FILTER_DEPTH} levels of groups`, () => {
    expect(() => parseFilter(nested(MAX_FILTER_DEPTH))).not.toThrow();
    const error = parseError(nested(MAX_FILTER_DEPTH + 1));
    expect(error.message).toMatch(
      /Filter nested too deeply at and\[0\](\.and\[0\]){9}: use at most 10 levels/,
    );
  });

  it("refuses a hostile depth without exhausting the stack", () => {
    expect(parseError(nested(100_000)).message).toMatch(/nested too deeply/);
  });

  it(`limits a filter to ${MAX_FILTER_CONDITIONS} conditions`, () => {
    expect(() => parseFilter({ or: Array(MAX_FILTER_CONDITIONS).fill(cond) })).not.toThrow();
    const error = parseError({ and: [cond, { or: Array(MAX_FILTER_CONDITIONS).fill(cond) }] });
    expect(error.path).toBe("and[1].or[199]");
    expect(error.message).toMatch(/Too many conditions at and\[1\]\.or\[199\]: a filter holds at most 200/);
  });

  it("agrees with the zod schema used in request bodies", () => {
    const good = [cond, { not: { or: [cond, { field: "x", op: "isEmpty" }] } }];
    const bad = [
      { field: "name", op: "like" },
      { and: [cond], or: [] },
      { field: "d", op: "eq", value: { relative: "next_n_days", n: 99999 } },
      nested(MAX_FILTER_DEPTH + 1),
      { and: Array(MAX_FILTER_CONDITIONS + 1).fill(cond) },
    ];
    for (const json of good) expect(Filter.safeParse(json).success).toBe(true);
    for (const json of bad) {
      expect(Filter.safeParse(json).success).toBe(false);
      expect(() => parseFilter(json)).toThrow(FilterError);
    }
  });

  it("describes itself as JSON Schema for the OpenAPI document", () => {
    const schema = JSON.stringify(z.toJSONSchema(Filter));
    expect(schema).toContain('"startsWith"');
    expect(schema).toContain("last_n_days");
  });
});
