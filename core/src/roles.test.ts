import { describe, expect, it } from "vitest";
import {
  BUILTIN_ROLE_DEFAULTS,
  BUILTIN_ROLES,
  CreateRoleBody,
  can,
  canWriteAny,
  PERMISSION_OBJECTS,
  RolePermissions,
  roleLabel,
} from "./roles.ts";

describe("built-in roles", () => {
  it("are valid permission sets, owner and admin administer and may do everything", () => {
    for (const role of BUILTIN_ROLES) {
      expect(RolePermissions.safeParse(BUILTIN_ROLE_DEFAULTS[role].permissions).success).toBe(true);
    }
    for (const role of ["owner", "admin"] as const) {
      const p = BUILTIN_ROLE_DEFAULTS[role].permissions;
      expect(p.administer).toBe(true);
      expect(PERMISSION_OBJECTS.every((o) => can(p, o, "delete") && p.objects[o].visibility === "all")).toBe(
        true,
      );
    }
    expect(BUILTIN_ROLES.filter((r) => BUILTIN_ROLE_DEFAULTS[r].permissions.administer)).toEqual([
      "owner",
      "admin",
    ]);
  });

  it("read_only reads everything and changes nothing", () => {
    const p = BUILTIN_ROLE_DEFAULTS.read_only.permissions;
    expect(PERMISSION_OBJECTS.every((o) => can(p, o, "read"))).toBe(true);
    expect(canWriteAny(p)).toBe(false);
    expect(canWriteAny(BUILTIN_ROLE_DEFAULTS.support_agent.permissions)).toBe(true);
  });

  it("support agents may not delete deals; sales reps may not export", () => {
    expect(can(BUILTIN_ROLE_DEFAULTS.support_agent.permissions, "deals", "delete")).toBe(false);
    expect(can(BUILTIN_ROLE_DEFAULTS.sales_rep.permissions, "contacts", "export")).toBe(false);
    expect(can(BUILTIN_ROLE_DEFAULTS.sales_manager.permissions, "contacts", "export")).toBe(true);
  });
});

describe("custom roles", () => {
  const permissions = BUILTIN_ROLE_DEFAULTS.read_only.permissions;
  it("refuse built-in keys, bad keys, repeated actions and missing objects", () => {
    expect(CreateRoleBody.safeParse({ key: "field_sales", name: "Field sales", permissions }).success).toBe(
      true,
    );
    expect(CreateRoleBody.safeParse({ key: "admin", name: "X", permissions }).success).toBe(false);
    expect(CreateRoleBody.safeParse({ key: "Field Sales", name: "X", permissions }).success).toBe(false);
    const repeated = {
      ...permissions,
      objects: { ...permissions.objects, deals: { actions: ["read", "read"], visibility: "all" } },
    };
    expect(CreateRoleBody.safeParse({ key: "x_role", name: "X", permissions: repeated }).success).toBe(false);
    const { deals: _, ...missing } = permissions.objects;
    expect(
      CreateRoleBody.safeParse({
        key: "x_role",
        name: "X",
        permissions: { ...permissions, objects: missing },
      }).success,
    ).toBe(false);
  });

  it("are labelled by name, or by key in words", () => {
    expect(roleLabel("sales_rep")).toBe("Sales rep");
    expect(roleLabel("field_sales")).toBe("Field sales");
  });
});
