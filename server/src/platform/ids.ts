import { randomFillSync } from "node:crypto";
import { v7 } from "uuid";

/** Time-ordered UUIDv7, so ids sort by creation and index pages stay warm. */
export const newId = (): string => v7();

const batchState = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/**
 * `count` UUIDv7 ids, in creation order, with the random bytes of all of them drawn at once: for
 * bulk writes, where drawing them one id at a time costs more than writing the rows. Monotonic as
 * `newId` is (a counter within a millisecond), on a counter of their own.
 */
export function newIds(count: number): string[] {
  const random = randomFillSync(new Uint8Array(16 * count));
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const bytes = random.subarray(i * 16, i * 16 + 16);
    const now = Date.now();
    if (now > batchState.msecs) {
      batchState.msecs = now;
      // A random start in the millisecond (31 bits), as uuid's own v7 does.
      batchState.seq = ((bytes[6]! & 0x7f) << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!;
    } else {
      batchState.seq = (batchState.seq + 1) | 0;
      if (batchState.seq === 0) batchState.msecs++;
    }
    ids[i] = v7({ random: bytes, msecs: batchState.msecs, seq: batchState.seq });
  }
  return ids;
}
