import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, matchTotp, otpauthUri, totpCode } from "./totp.ts";

// RFC 6238 appendix B: the SHA-1 secret is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it("matches the RFC 6238 test vectors (last six digits)", () => {
    const vectors: [number, string][] = [
      [59, "287082"],
      [1111111109, "081804"],
      [1111111111, "050471"],
      [1234567890, "005924"],
      [2000000000, "279037"],
      [20000000000, "353130"],
    ];
    for (const [seconds, code] of vectors) expect(totpCode(RFC_SECRET, Math.floor(seconds / 30))).toBe(code);
  });

  it("round-trips base32", () => {
    expect(base32Decode(RFC_SECRET).toString()).toBe("12345678901234567890");
    expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });

  it("accepts one step of drift either way and refuses replayed or older steps", () => {
    const at = 1_111_111_111_000;
    const step = Math.floor(at / 30_000);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), null, at)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), null, at)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), null, at)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), null, at)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), step, at)).toBeNull();
    expect(matchTotp(RFC_SECRET, "12345", null, at)).toBeNull();
  });

  it("builds the otpauth URI authenticator apps read", () => {
    expect(otpauthUri("ABC", "ada@example.com")).toBe(
      "otpauth://totp/Rapport%3Aada%40example.com?secret=ABC&issuer=Rapport&algorithm=SHA1&digits=6&period=30",
    );
  });
});
