import { z } from "zod";

/**
 * A deal's place in its board column: a decimal number, smaller first. Decimals (PostgreSQL
 * `numeric`, exact) let a card go between any two others by taking a number between theirs, so a
 * move writes one row; appending or prepending steps by whole numbers, so keys stay short.
 */
export const BoardPosition = z
  .string()
  .regex(/^-?\d{1,20}(\.\d{1,200})?$/, { message: "Use a decimal number such as 3 or -1.5" })
  .describe("The deal's place in its board column, smaller first (a decimal string)");

type Scaled = { digits: bigint; scale: number };

function parse(value: string): Scaled {
  if (!BoardPosition.safeParse(value).success) throw new RangeError(`Not a board position: ${value}`);
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
  const digits = BigInt(whole + fraction);
  return { digits: negative ? -digits : digits, scale: fraction.length };
}

/** Orders two positions exactly (negative: `a` first); null (no position yet) sorts last. */
export function comparePositions(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

const rescale = (v: Scaled, scale: number) => v.digits * 10n ** BigInt(scale - v.scale);

/** Floor division for bigints (BigInt `/` truncates towards zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function format(digits: bigint, scale: number): string {
  const negative = digits < 0n;
  let text = (negative ? -digits : digits).toString().padStart(scale + 1, "0");
  if (scale > 0) text = `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, "");
  return negative && text !== "0" ? `-${text}` : text;
}

/**
 * A position strictly between `before` and `after` (null: the column's start or end), as short as
 * possible: before the first card is a whole number below it, after the last a whole number above.
 */
export function positionBetween(before: string | null, after: string | null): string {
  if (before === null && after === null) return "0";
  if (before === null) {
    const b = parse(after!);
    return format(-floorDiv(-b.digits, 10n ** BigInt(b.scale)) - 1n, 0);
  }
  if (after === null) {
    const a = parse(before);
    return format(floorDiv(a.digits, 10n ** BigInt(a.scale)) + 1n, 0);
  }
  const a = parse(before);
  const b = parse(after);
  const scale = Math.max(a.scale, b.scale) + 1;
  const low = rescale(a, scale);
  const high = rescale(b, scale);
  if (low >= high) throw new RangeError(`${before} is not before ${after}`);
  const middle = floorDiv(low + high, 2n);
  // The shortest number strictly inside: try whole numbers first, then one more decimal at a time.
  for (let places = 0; places <= scale; places++) {
    const unit = 10n ** BigInt(scale - places);
    const candidate = floorDiv(middle, unit) * unit;
    for (const c of [candidate, candidate + unit]) {
      if (c > low && c < high) return format(c / unit, places);
    }
  }
  return format(middle, scale);
}
