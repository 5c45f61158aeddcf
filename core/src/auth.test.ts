import { describe, expect, it } from "vitest";
import { CreateApiKeyBody, Email, NewPassword, SignUpBody } from "./auth.ts";

describe("auth schemas", () => {
  it("trims and lower-cases emails so that they compare case-insensitively", () => {
    expect(Email.parse("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
    expect(Email.safeParse("ada@").success).toBe(false);
    expect(Email.safeParse(`${"a".repeat(250)}@example.com`).success).toBe(false);
  });

  it("requires passwords of 10 to 256 characters", () => {
    expect(NewPassword.safeParse("123456789").success).toBe(false);
    expect(NewPassword.safeParse("1234567890").success).toBe(true);
    expect(NewPassword.safeParse("x".repeat(257)).success).toBe(false);
  });

  it("rejects unknown fields on sign-up", () => {
    const result = SignUpBody.safeParse({
      workspaceName: "A",
      name: "B",
      email: "c@d.co",
      password: "long enough password",
      admin: true,
    });
    expect(result.success).toBe(false);
  });

  it("defaults a new API key to the sales rep role", () => {
    expect(CreateApiKeyBody.parse({ name: "CI" }).role).toBe("sales_rep");
  });
});
