import { describe, expect, it } from "vitest";
import { ROLES, roleAtLeast } from "./roles.ts";

describe("roleAtLeast", () => {
  it("orders owner > admin > member > viewer", () => {
    expect(ROLES.filter((r) => roleAtLeast(r, "admin"))).toEqual(["owner", "admin"]);
    expect(ROLES.filter((r) => roleAtLeast(r, "viewer"))).toEqual([...ROLES]);
    expect(ROLES.filter((r) => roleAtLeast(r, "owner"))).toEqual(["owner"]);
    expect(roleAtLeast("viewer", "member")).toBe(false);
  });
});
