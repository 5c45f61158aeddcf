import { describe, expect, it } from "vitest";
import {
  BUILTIN_ROLE_DEFAULTS,
  BUILTIN_ROLES,
  CreateRoleBody,
  can,
  canWriteAny,
  fieldAccess,
  hiddenFields,
  PERMISSION_OBJECTS,
  RolePermissions,
  roleLabel,
  withFieldRules,
} from "./roles.ts";
import { RULE_FIELDS } from "./rule-fields.ts";

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

describe("field rules", () => {
  const rep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
  const guarded: RolePermissions = {
    ...rep,
    objects: {
      ...rep.objects,
      deals: { ...rep.objects.deals, fields: { amount: "hidden", "custom.margin": "read_only" } },
    },
  };

  it("says per field whether a role writes, only reads or does not see it", () => {
    expect(fieldAccess(guarded, "deals", "amount")).toBe("hidden");
    expect(fieldAccess(guarded, "deals", "custom.margin")).toBe("read_only");
    expect(fieldAccess(guarded, "deals", "name")).toBe("write");
    expect(fieldAccess(guarded, "contacts", "amount")).toBe("write");
    expect([...hiddenFields(guarded, "deals")]).toEqual(["amount"]);
  });

  it("never apply to a role that administers the workspace", () => {
    const admin = { ...guarded, administer: true };
    expect(fieldAccess(admin, "deals", "amount")).toBe("write");
    expect(hiddenFields(admin, "deals").size).toBe(0);
  });

  it("hide deal amounts from the support agent by default", () => {
    expect(fieldAccess(BUILTIN_ROLE_DEFAULTS.support_agent.permissions, "deals", "amount")).toBe("hidden");
    expect(fieldAccess(BUILTIN_ROLE_DEFAULTS.sales_rep.permissions, "deals", "amount")).toBe("write");
  });

  it("fill in for roles stored before them: a built-in's defaults, a custom role's none", () => {
    const stored = {
      ...rep,
      objects: Object.fromEntries(
        PERMISSION_OBJECTS.map((o) => [o, { actions: ["read"], visibility: "all" }]),
      ) as RolePermissions["objects"],
    };
    expect(withFieldRules("support_agent", stored).objects.deals.fields).toEqual({ amount: "hidden" });
    expect(withFieldRules("support_agent", stored).objects.contacts.fields).toEqual({});
    expect(withFieldRules("night_shift", stored).objects.deals.fields).toEqual({});
    // Rules saved explicitly win, even none.
    const saved = {
      ...stored,
      objects: { ...stored.objects, deals: { ...stored.objects.deals, fields: {} } },
    };
    expect(withFieldRules("support_agent", saved).objects.deals.fields).toEqual({});
  });

  it("name fields as built-in names or custom.<key>, each hidden or read-only", () => {
    const withRules = (fields: unknown) => ({
      ...rep,
      objects: { ...rep.objects, deals: { ...rep.objects.deals, fields } },
    });
    expect(
      RolePermissions.safeParse(withRules({ amount: "hidden", "custom.tier": "read_only" })).success,
    ).toBe(true);
    expect(RolePermissions.safeParse(withRules({ amount: "secret" })).success).toBe(false);
    expect(RolePermissions.safeParse(withRules({ "custom.": "hidden" })).success).toBe(false);
    expect(RULE_FIELDS.deals).toContain("amount");
    expect(RULE_FIELDS.deals).not.toContain("custom");
    expect(RULE_FIELDS.contacts).toContain("emails");
  });
});
