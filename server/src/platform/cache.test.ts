import { afterEach, describe, expect, it, vi } from "vitest";
import { TtlCache } from "./cache.ts";

afterEach(() => vi.useRealTimers());

describe("TtlCache", () => {
  it("forgets entries after their time, on clear, and the oldest when full", () => {
    vi.useFakeTimers();
    const cache = new TtlCache<string, number>(1000, 2);
    cache.set("a", 1);
    expect(cache.get("a")).toBe(1);
    vi.advanceTimersByTime(1001);
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
    cache.clear();
    expect(cache.get("b")).toBeUndefined();
  });
});
