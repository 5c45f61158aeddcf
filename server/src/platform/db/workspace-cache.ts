import { sql } from "drizzle-orm";
import type { Database, Db } from "./client.ts";

/**
 * Per-workspace definitions that change rarely and are read on every list (custom field
 * definitions, lifecycle stages), cached in the process for reads. A change NOTIFYs the other
 * processes in its transaction; every process (this one too) forgets the workspace's entries when
 * the notification arrives after the commit. A generation number per workspace keeps a read that
 * raced a change from storing what it read. Writes validate against the database, not this cache.
 */
const CHANNEL = "rapport_workspace_changed";
// A safety net: an entry is trusted at most this long even if a notification went missing.
const TTL_MS = 60_000;

type Entry = { value: unknown; generation: number; at: number };
const entries = new Map<string, Map<string, Entry>>();
const generations = new Map<string, number>();
let listening = 0;

function forget(workspaceId: string) {
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1);
  entries.delete(workspaceId);
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
