import { isDeepStrictEqual } from "node:util";
import { fieldKeys } from "./field-keys.ts";

/**
 * A sensitive custom value as stored in a record's `custom` JSONB (and so in its field history and
 * events): the sealed JSON of the value and the keyed hash that exact-match filters compare.
 */
export type SealedValue = { $enc: string; $mac: string };

export function isSealedValue(value: unknown): value is SealedValue {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof (value as SealedValue).$enc === "string" &&
    typeof (value as SealedValue).$mac === "string"
  );
}

/** What the hash is computed over: text as it is, anything else as JSON. */
export const macInput = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export function sealValue(value: unknown): SealedValue {
  const keys = fieldKeys();
  return { $enc: keys.seal(JSON.stringify(value)), $mac: keys.mac(macInput(value)) };
}

export function openValue(sealed: SealedValue): unknown {
  return JSON.parse(fieldKeys().open(sealed.$enc));
}

/**
 * Seals a value unless it equals what `current` already seals: re-sealing draws a new IV, which
 * would show as a change in the field history when nothing changed.
 */
export function sealUnlessSame(value: unknown, current: unknown): SealedValue {
  if (isSealedValue(value)) return value;
  if (isSealedValue(current) && isDeepStrictEqual(openValue(current), value)) return current;
  return sealValue(value);
}

/**
 * The value with every sealed value inside it opened, for the caller that may see it (API answers,
 * exports, webhooks). Copies only what changes.
 */
export function revealSealed<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (isSealedValue(value)) return openValue(value) as T;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const revealed = revealSealed(item);
      if (revealed !== item) {
        copy ??= [...value];
        copy[i] = revealed;
      }
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const revealed = revealSealed(item);
    if (revealed !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = revealed;
    }
  }
  return (copy ?? value) as T;
}
