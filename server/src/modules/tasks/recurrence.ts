import ICAL from "ical.js";

/** An RRULE parsed with ical.js, or the reason it is not one. */
export function parseRecurrence(text: string): { rule: string } | { error: string } {
  const trimmed = text.replace(/^RRULE:/i, "").trim();
  try {
    const recur = ICAL.Recur.fromString(trimmed);
    // ical.js skips parts it does not know, so a rule without FREQ would silently mean nothing.
    if (!recur.freq) return { error: "An RRULE needs a FREQ, such as FREQ=WEEKLY;BYDAY=MO" };
    if (recur.count !== null && recur.count < 1) return { error: "COUNT must be at least 1" };
    return { rule: recur.toString() };
  } catch (error) {
    return { error: `Not a valid RRULE: ${(error as Error).message}` };
  }
}

const MAX_STEPS = 1000;

/**
 * The occurrence that follows one due at `after`: its due time and the rule it carries on with.
 * The series restarts at each occurrence, so a COUNT is carried down by one; null when the rule
 * has no occurrence left (COUNT spent, UNTIL passed).
 */
export function nextOccurrence(rule: string, after: Date): { dueAt: Date; rule: string } | null {
  const recur = ICAL.Recur.fromString(rule);
  if (recur.count !== null && recur.count <= 1) return null;
  const iterator = recur.iterator(ICAL.Time.fromJSDate(after, true));
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = iterator.next();
    if (!next) return null;
    const at = next.toJSDate();
    if (at > after) {
      if (recur.count !== null) recur.count -= 1;
      return { dueAt: at, rule: recur.toString() };
    }
  }
  return null;
}
