import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe random secret with 256 bits of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

/** Tokens are stored as their SHA-256: a leaked table row cannot be replayed. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
