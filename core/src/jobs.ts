import { z } from "zod";

/** A job's life: waiting (`created`, or `retry` after a failure), `active`, then one of the last three. */
export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const JobCounts = z.object({
  created: z.number().int(),
  retry: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  failed: z.number().int(),
});
export type JobCounts = z.infer<typeof JobCounts>;

/** One kind of background job, with its jobs of this workspace counted by state. */
export const JobQueueDto = z.object({
  name: z.string(),
  description: z.string(),
  counts: JobCounts,
});
export type JobQueueDto = z.infer<typeof JobQueueDto>;

export const JobDto = z.object({
  id: z.uuid(),
  queue: z.string(),
  state: JobState,
  payload: z.record(z.string(), z.unknown()),
  /** The last run's error, while the job is failed or waiting for its retry. */
  error: z.string().nullable(),
  /** Runs so far, and the most it gets before it ends failed. */
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  priority: z.number().int(),
  createdAt: z.iso.datetime(),
  /** When it may run (next), for waiting jobs. */
  runAfter: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type JobDto = z.infer<typeof JobDto>;

export const JobListQuery = z.strictObject({
  state: JobState.optional(),
  queue: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
});
export type JobListQuery = z.input<typeof JobListQuery>;

export const JobPage = z.object({ data: z.array(JobDto), nextCursor: z.string().nullable() });
export type JobPage = z.infer<typeof JobPage>;
