import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "../errors.ts";

/**
 * Encryption at rest for sensitive values (custom fields marked sensitive, TOTP secrets):
 * AES-256-GCM under a key derived from RAPPORT_SECRET with HKDF-SHA256, and a keyed HMAC-SHA256 of
 * the plaintext (a second HKDF key) for exact-match lookups. A sealed text names its key id, so after
 * RAPPORT_SECRET changes, values sealed under RAPPORT_SECRET_PREVIOUS still open until
 * `rapport keys rotate` re-seals them.
 */
const PREFIX = "enc:v1:";
const SALT = "rapport field encryption v1";

type Key = { id: string; enc: Buffer; mac: Buffer };

function deriveKey(secret: string): Key {
  const ikm = Buffer.from(secret, "utf8");
  const derive = (info: string, length: number) => Buffer.from(hkdfSync("sha256", ikm, SALT, info, length));
  return {
    // Not secret: it tells which key sealed a value, and reveals nothing about the key itself.
    id: derive("key id", 6).toString("hex"),
    enc: derive("aes-256-gcm values", 32),
    mac: derive("hmac-sha256 exact match", 32),
  };
}

export class FieldKeys {
  readonly current: Key;
  readonly previous: Key | null;

  constructor(secret: string, previousSecret?: string | undefined) {
    this.current = deriveKey(secret);
    this.previous = previousSecret && previousSecret !== secret ? deriveKey(previousSecret) : null;
  }

  /** `enc:v1:<key id>:<iv>:<ciphertext+tag>`, base64url; a fresh random IV every time. */
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.enc, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${this.current.id}:${iv.toString("base64url")}:${body.toString("base64url")}`;
  }

  /** The plaintext of a sealed text; text that was never sealed (stored before encryption) as is. */
  open(text: string): string {
    if (!isSealedText(text)) return text;
    const [kid, iv, body] = text.slice(PREFIX.length).split(":");
    const key = [this.current, this.previous].find((k) => k?.id === kid);
    if (!key || !iv || !body) {
      throw new AppError(
        "internal",
        `A value is encrypted with key ${kid}, which is neither RAPPORT_SECRET's nor RAPPORT_SECRET_PREVIOUS's. Set RAPPORT_SECRET_PREVIOUS to the secret it was written with and run \`rapport keys rotate\`.`,
      );
    }
    const data = Buffer.from(body, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key.enc, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  }

  /** Whether a sealed text is under the current key (else rotation has work to do). */
  isCurrent(text: string): boolean {
    return text.startsWith(`${PREFIX}${this.current.id}:`);
  }

  /** The keyed hash of a value under the current key. */
  mac(value: string): string {
    return createHmac("sha256", this.current.mac).update(value, "utf8").digest("base64url");
  }

  /** The hashes a stored value may carry: the current key's, and the previous one's mid-rotation. */
  macs(value: string): string[] {
    const all = [this.mac(value)];
    if (this.previous)
      all.push(createHmac("sha256", this.previous.mac).update(value, "utf8").digest("base64url"));
    return all;
  }
}

export const isSealedText = (value: unknown): value is string =>
  typeof value === "string" && value.startsWith(PREFIX);

let active: FieldKeys | null = null;

/** Set once at start-up (serve, worker, commands) from RAPPORT_SECRET and RAPPORT_SECRET_PREVIOUS. */
export function configureFieldKeys(secret: string, previousSecret?: string | undefined): FieldKeys {
  active = new FieldKeys(secret, previousSecret);
  return active;
}

/** The process's keys; configured before any request or job runs. */
export function fieldKeys(): FieldKeys {
  if (!active)
    throw new Error("Field encryption keys are not configured: call configureFieldKeys at start-up.");
  return active;
}
