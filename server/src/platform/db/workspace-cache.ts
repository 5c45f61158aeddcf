import { sql } from "drizzle-orm";
import type { Database, Db } from "./client.ts";

/**
 * Per-workspace definitions that change rarely and are read on every list (custom field
 * definitions, lifecycle stages), cached in the process for reads. A change NOTIFYs the other
 * processes in its transaction; every process (this one too) forgets the workspace's entries when
 * the notification arrives after the commit. A generation number per workspace keeps a read that
 * raced a change from storing what it read; in the process making the change, nothing read for the
 * workspace is kept from the change until its notification arrives, so that the process's next
 * request sees what it just wrote. Writes validate against the database, not this cache.
 */
const CHANNEL = "rapport_workspace_changed";
// A safety net: an entry is trusted at most this long even if a notification went missing.
const TTL_MS = 60_000;
// How long a change made here may wait for its own notification (a rolled-back change sends none).
const UNSETTLED_MS = 5_000;

type Entry = { value: unknown; generation: number; at: number };
const entries = new Map<string, Map<string, Entry>>();
const generations = new Map<string, number>();
// Workspaces changed by this process whose notification has not arrived yet, until when.
const unsettled = new Map<string, number>();
let listening = 0;

function forget(workspaceId: string) {
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1);
  entries.delete(workspaceId);
  unsettled.delete(workspaceId);
}

function forgetAll() {
  for (const workspaceId of [...entries.keys()]) forget(workspaceId);
}

/** Starts trusting the cache for this database's workspaces; the returned function stops it. */
export async function cacheWorkspaceDefinitions(database: Database): Promise<() => Promise<void>> {
  const stop = await database.listen(CHANNEL, { message: forget, reset: forgetAll });
  listening++;
  return async () => {
    listening--;
    forgetAll();
    await stop();
  };
}

/** Tells every process, once the transaction commits, that the workspace's definitions changed. */
export async function definitionsChanged(tx: Db, workspaceId: string) {
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${workspaceId})`);
  forget(workspaceId);
  // Until the notification comes, what is read is not kept: read before the commit, it would be the
  // definitions being replaced, trusted after the commit until the notification came.
  unsettled.set(workspaceId, Date.now() + UNSETTLED_MS);
}

/**
 * Wraps a loader of per-workspace definitions (`name` tells the caches apart) with the cache. Without
 * a listening process (a one-off command, a script), every call loads.
 */
export function cachedDefinitions<T, Args extends string[]>(
  name: string,
  load: (db: Db, workspaceId: string, ...args: Args) => Promise<T>,
) {
  return async (db: Db, workspaceId: string, ...args: Args): Promise<T> => {
    if (listening === 0) return load(db, workspaceId, ...args);
    const until = unsettled.get(workspaceId);
    if (until !== undefined) {
      if (Date.now() < until) return load(db, workspaceId, ...args);
      unsettled.delete(workspaceId);
    }
    const key = [name, ...args].join("\u0000");
    const generation = generations.get(workspaceId) ?? 0;
    const hit = entries.get(workspaceId)?.get(key);
    if (hit && hit.generation === generation && Date.now() - hit.at < TTL_MS) return hit.value as T;
    const value = await load(db, workspaceId, ...args);
    if ((generations.get(workspaceId) ?? 0) === generation) {
      const forWorkspace = entries.get(workspaceId) ?? new Map<string, Entry>();
      forWorkspace.set(key, { value, generation, at: Date.now() });
      entries.set(workspaceId, forWorkspace);
    }
    return value;
  };
}
