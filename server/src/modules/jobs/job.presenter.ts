import type { JobDto } from "@rapport/core";
import type { JobRow } from "./job.store.ts";

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toJobDto(row: JobRow): JobDto {
  const waiting = row.state === "created" || row.state === "retry";
  return {
    id: row.id,
    queue: row.name,
    state: row.state,
    payload: row.data ?? {},
    // pg-boss keeps a failed run's serialized error as the output.
    error:
      row.state === "failed" || row.state === "retry"
        ? String((row.output as { message?: unknown } | null)?.message ?? "Failed without a message")
        : null,
    // pg-boss counts retries when a retried job starts; a job that never started has made no attempt.
    attempts: row.started_on === null ? 0 : row.retry_count + 1,
    maxAttempts: row.retry_limit + 1,
    priority: row.priority,
    createdAt: iso(row.created_on)!,
    runAfter: iso(row.start_after)!,
    startedAt: iso(row.started_on),
    finishedAt: waiting || row.state === "active" ? null : iso(row.completed_on),
  };
}
