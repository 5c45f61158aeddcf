import { describe, expect, it } from "vitest";
import { newIds } from "./ids.ts";

describe("newIds", () => {
  it("makes distinct UUIDv7 ids that sort in the order they were made, across calls", () => {
    const ids = [...newIds(5000), ...newIds(3)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const millis = Number.parseInt(ids[0]!.replace(/-/g, "").slice(0, 12), 16);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });
});
