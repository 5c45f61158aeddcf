import type { RelativeDate } from "./schema.ts";

/** When and where a filter is evaluated: relative dates resolve against this. */
export type FilterClock = { now: Date; timeZone: string };

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDay = string;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Milliseconds at most: JavaScript dates have no finer precision, so SQL and memory would disagree.
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True for an ISO 8601 date-time with an explicit offset, such as `2024-03-05T10:00:00Z`. */
export function isIsoDateTime(value: string): boolean {
  const match = ISO_DATETIME.exec(value);
  return match !== null && isIsoDay(match[1]!) && !Number.isNaN(Date.parse(value));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new RangeError(`Unknown time zone '${timeZone}': use an IANA name such as Europe/Berlin`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time of `instant` in `timeZone`, expressed as if it were UTC (milliseconds). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
    ((instant % 1000) + 1000) % 1000,
  );
}

function formatDay(year: number, monthIndex: number, day: number): IsoDay {
  // Date.UTC normalises overflow (month 13, day 0), which the arithmetic below relies on.
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

function dayParts(day: IsoDay): { year: number; monthIndex: number; day: number } {
  return {
    year: Number(day.slice(0, 4)),
    monthIndex: Number(day.slice(5, 7)) - 1,
    day: Number(day.slice(8, 10)),
  };
}

/** `day` plus `days` calendar days. */
export function addDays(day: IsoDay, days: number): IsoDay {
  const parts = dayParts(day);
  return formatDay(parts.year, parts.monthIndex, parts.day + days);
}

/** The calendar day it is at `now` in `timeZone`. */
export function todayIn({ now, timeZone }: FilterClock): IsoDay {
  return new Date(wallClockMs(now.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The first instant of `day` in `timeZone`: local midnight, or when midnight does not exist
 * (a DST gap at midnight), the first wall-clock time after it.
 */
export function startOfDayIn(day: IsoDay, timeZone: string): Date {
  const parts = dayParts(day);
  const wall = Date.UTC(parts.year, parts.monthIndex, parts.day);
  // Offsets are within ±14 h and change at most once around a day, so sampling a day either side
  // finds every offset that can apply to this midnight.
  let best: number | undefined;
  for (const probe of [wall - DAY_MS, wall, wall + DAY_MS]) {
    const candidate = wall - (wallClockMs(probe, timeZone) - probe);
    if (wallClockMs(candidate, timeZone) >= wall && (best === undefined || candidate < best))
      best = candidate;
  }
  return new Date(best ?? wall);
}

/** The calendar days a relative date covers, as a half-open range [start, end). Weeks start Monday. */
export function resolveRelativeDay(value: RelativeDate, clock: FilterClock): { start: IsoDay; end: IsoDay } {
  const today = todayIn(clock);
  const { year, monthIndex } = dayParts(today);
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const quarter = monthIndex - (monthIndex % 3);
  switch (value.relative) {
    case "today":
      return { start: today, end: addDays(today, 1) };
    case "yesterday":
      return { start: addDays(today, -1), end: today };
    case "tomorrow":
      return { start: addDays(today, 1), end: addDays(today, 2) };
    case "last_n_days":
      return { start: addDays(today, 1 - value.n), end: addDays(today, 1) };
    case "next_n_days":
      return { start: today, end: addDays(today, value.n) };
    case "this_week":
      return { start: monday, end: addDays(monday, 7) };
    case "last_week":
      return { start: addDays(monday, -7), end: monday };
    case "this_month":
      return { start: formatDay(year, monthIndex, 1), end: formatDay(year, monthIndex + 1, 1) };
    case "last_month":
      return { start: formatDay(year, monthIndex - 1, 1), end: formatDay(year, monthIndex, 1) };
    case "next_month":
      return { start: formatDay(year, monthIndex + 1, 1), end: formatDay(year, monthIndex + 2, 1) };
    case "this_quarter":
      return { start: formatDay(year, quarter, 1), end: formatDay(year, quarter + 3, 1) };
    case "this_year":
      return { start: formatDay(year, 0, 1), end: formatDay(year + 1, 0, 1) };
    case "last_year":
      return { start: formatDay(year - 1, 0, 1), end: formatDay(year, 0, 1) };
  }
}

/** The instants a relative date covers in the clock's time zone, as a half-open range [start, end). */
export function resolveRelativeDate(value: RelativeDate, clock: FilterClock): { start: Date; end: Date } {
  const days = resolveRelativeDay(value, clock);
  return { start: startOfDayIn(days.start, clock.timeZone), end: startOfDayIn(days.end, clock.timeZone) };
}

/**
 * A comparable filter value reduced to what comparisons need: a point, or a half-open range
 * [start, end) for relative dates (and for whole days on date-time fields).
 */
export type Operand<T> = { kind: "point"; at: T } | { kind: "range"; start: T; end: T };

export type Comparison<T> = { cmp: "=" | "<" | "<=" | ">" | ">="; to: T };
export type OrderedOperator = "eq" | "neq" | "lt" | "lte" | "gt" | "gte";

/**
 * An ordered operator as comparisons that must all hold. `negated` asks for the opposite, which a
 * missing value also satisfies. SQL and memory both build on this, so they cannot drift apart:
 * on a range, eq is "within", neq "outside", lt "before start", gte "on or after start",
 * gt "on or after end" and lte "before end".
 */
export function orderedComparisons<T>(
  op: OrderedOperator,
  operand: Operand<T>,
): { all: Comparison<T>[]; negated: boolean } {
  if (operand.kind === "point") {
    const to = operand.at;
    switch (op) {
      case "eq":
        return { all: [{ cmp: "=", to }], negated: false };
      case "neq":
        return { all: [{ cmp: "=", to }], negated: true };
      case "lt":
        return { all: [{ cmp: "<", to }], negated: false };
      case "lte":
        return { all: [{ cmp: "<=", to }], negated: false };
      case "gt":
        return { all: [{ cmp: ">", to }], negated: false };
      case "gte":
        return { all: [{ cmp: ">=", to }], negated: false };
    }
  }
  const { start, end } = operand;
  const within: Comparison<T>[] = [
    { cmp: ">=", to: start },
    { cmp: "<", to: end },
  ];
  switch (op) {
    case "eq":
      return { all: within, negated: false };
    case "neq":
      return { all: within, negated: true };
    case "lt":
      return { all: [{ cmp: "<", to: start }], negated: false };
    case "lte":
      return { all: [{ cmp: "<", to: end }], negated: false };
    case "gt":
      return { all: [{ cmp: ">=", to: end }], negated: false };
    case "gte":
      return { all: [{ cmp: ">=", to: start }], negated: false };
  }
}

/** `between [low, high]`, both included: on or after low, and not after high. */
export function betweenComparisons<T>(low: Operand<T>, high: Operand<T>): Comparison<T>[] {
  return [...orderedComparisons("gte", low).all, ...orderedComparisons("lte", high).all];
}

/** Operand for a `date` field: an absolute day is a point, a relative date a range of days. */
export function dayOperand(value: IsoDay | RelativeDate, clock: FilterClock): Operand<IsoDay> {
  if (typeof value === "string") return { kind: "point", at: value };
  return { kind: "range", ...resolveRelativeDay(value, clock) };
}

/** Operand for a `datetime` field: an instant is a point; a day or a relative date a range of instants. */
export function instantOperand(value: string | RelativeDate, clock: FilterClock): Operand<Date> {
  if (typeof value !== "string") return { kind: "range", ...resolveRelativeDate(value, clock) };
  if (isIsoDay(value)) {
    return {
      kind: "range",
      start: startOfDayIn(value, clock.timeZone),
      end: startOfDayIn(addDays(value, 1), clock.timeZone),
    };
  }
  return { kind: "point", at: new Date(value) };
}
