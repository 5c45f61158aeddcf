import type { ApiKeyDto, Role } from "@rapport/core";
import { audit, auditActorOf } from "../../platform/audit/audit.ts";
import type { Principal } from "../../platform/auth/principal.ts";
import { hashToken, randomToken } from "../../platform/auth/tokens.ts";
import type { TtlCache } from "../../platform/cache.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { assertRoleExists } from "../roles/role.service.ts";
import * as store from "./api-key.store.ts";

const KEY_PREFIX = "rpk_";

/** Stores a key (generated unless given) and returns its secret value, which is never stored. */
export async function createApiKeyRecord(
  db: Db,
  input: { workspaceId: string; name: string; role: Role; createdBy: string | null; key?: string },
): Promise<{ id: string; key: string }> {
  const key = input.key ?? `${KEY_PREFIX}${randomToken(30)}`;
  const id = newId();
  await store.insertApiKey(db, {
    id,
    workspaceId: input.workspaceId,
    name: input.name,
    role: input.role,
    createdBy: input.createdBy,
    prefix: key.slice(0, KEY_PREFIX.length + 6),
    keyHash: hashToken(key),
  });
  return { id, key };
}

export async function createApiKey(db: Db, principal: Principal, input: { name: string; role: Role }) {
  if (input.role === "owner" && principal.role !== "owner") {
    throw new AppError("forbidden", "Only the owner can create a key with the owner role.", {
      errors: [{ path: "role", message: "Choose a role other than owner" }],
    });
  }
  return db.transaction(async (tx) => {
    await assertRoleExists(tx, principal.workspaceId, input.role);
    const { id, key } = await createApiKeyRecord(tx, {
      workspaceId: principal.workspaceId,
      name: input.name,
      role: input.role,
      createdBy: principal.userId,
    });
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "api_key.created",
      actor: auditActorOf(principal),
      target: { type: "api_key", id },
      details: { name: input.name, role: input.role },
    });
    const created = await store.findActiveApiKey(tx, principal.workspaceId, id);
    return { ...toApiKeyDto(created!), key };
  });
}

export async function listApiKeys(db: Db, principal: Principal) {
  return (await store.listActiveApiKeys(db, principal.workspaceId)).map(toApiKeyDto);
}

export async function revokeApiKey(db: Db, principal: Principal, id: string) {
  await db.transaction(async (tx) => {
    if (!(await store.revokeApiKey(tx, principal.workspaceId, id))) throw notFound("API key");
    await audit(tx, {
      workspaceId: principal.workspaceId,
      action: "api_key.revoked",
      actor: auditActorOf(principal),
      target: { type: "api_key", id },
    });
  });
}

export type ApiKeyPrincipal = Extract<Principal, { via: "api_key" }>;

/**
 * Resolves keys through a short-lived cache: integrations call in bursts, and this saves a query
 * per request. Revoking clears it in this process; other processes see a revocation within the
 * cache's lifetime.
 */
export function cachedApiKeyLookup(db: Db, cache: TtlCache<string, ApiKeyPrincipal>) {
  return async (keyHash: string): Promise<ApiKeyPrincipal | null> => {
    const hit = cache.get(keyHash);
    if (hit) return hit;
    const principal = await principalForApiKey(db, keyHash);
    if (principal) cache.set(keyHash, principal);
    return principal;
  };
}

/** The principal an API key stands for, or null when the key is unknown or revoked. */
export async function principalForApiKey(
  db: Db,
  keyHash: string,
): Promise<Extract<Principal, { via: "api_key" }> | null> {
  const row = await store.findLiveKeyByHash(db, keyHash);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await store.touchApiKey(db, row.id);
  return {
    via: "api_key",
    userId: null,
    workspaceId: row.workspaceId,
    role: row.role,
    apiKeyId: row.id,
    onBehalfOf: row.onBehalfOf,
  };
}

export function toApiKeyDto(row: store.ApiKeyListRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdBy: row.creatorId ? { id: row.creatorId, name: row.creatorName ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
