import { describe, expect, it } from "vitest";
import { formatSort, nextSort, parseSort } from "./sort.ts";

describe("multi-key sort", () => {
  it("reads and writes the list endpoints' sort parameter", () => {
    expect(parseSort("-amount, name")).toEqual([
      { field: "amount", desc: true },
      { field: "name", desc: false },
    ]);
    expect(formatSort(parseSort("-amount,name"))).toBe("-amount,name");
    expect(parseSort("")).toEqual([]);
  });

  it("sorts by one column on click and adds keys on shift-click", () => {
    const one = nextSort([], "name", false);
    expect(one).toEqual([{ field: "name", desc: false }]);
    expect(nextSort(one, "name", false)).toEqual([{ field: "name", desc: true }]);
    const two = nextSort(one, "amount", true);
    expect(formatSort(two)).toBe("name,amount");
    expect(formatSort(nextSort(two, "amount", true))).toBe("name,-amount");
    expect(formatSort(nextSort(two, "createdAt", false))).toBe("createdAt");
    const many = ["a", "b", "c", "d", "e", "f"].reduce(
      (s, f) => nextSort(s, f, true),
      nextSort([], "z", false),
    );
    expect(many).toHaveLength(5);
  });
});
