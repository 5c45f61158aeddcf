import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { createApiKeyRecord } from "../api-keys/api-key.service.ts";
import { findUserByEmail, insertUserIfNew, type UserRow } from "../auth/auth.store.ts";
import { createDefaultPipeline } from "../pipelines/default-pipeline.ts";
import { insertMembership, insertWorkspace, type WorkspaceRow } from "./workspace.store.ts";

export type NewWorkspace = {
  name: string;
  owner: { email: string; name: string; password: string };
  /** When true, an existing account with the owner's email becomes the owner (operators); else 409. */
  allowExistingOwner?: boolean;
  /** An exact API key value to create as an owner key (scripted deployments). */
  apiKey?: string;
};

/** Creates a workspace and its owner in one transaction, optionally with an owner API key. */
export async function createWorkspaceWithOwner(
  db: Db,
  input: NewWorkspace,
): Promise<{ workspace: WorkspaceRow; owner: UserRow; apiKey: string | undefined }> {
  const passwordHash = await hashPassword(input.owner.password);
  return db.transaction(async (tx) => {
    const workspace = await insertWorkspace(tx, { id: newId(), name: input.name });
    await createDefaultPipeline(tx, workspace.id);
    let owner = await insertUserIfNew(tx, {
      id: newId(),
      email: input.owner.email,
      name: input.owner.name,
      passwordHash,
    });
    if (!owner) {
      const existing = input.allowExistingOwner ? await findUserByEmail(tx, input.owner.email) : undefined;
      if (!existing) {
        throw new AppError(
          "email_taken",
          "An account with this email already exists. Sign in instead, or use 'Forgot password'.",
          { errors: [{ path: "email", message: "Already registered" }] },
        );
      }
      owner = existing;
    }
    await insertMembership(tx, { workspaceId: workspace.id, userId: owner.id, role: "owner" });
    let apiKey: string | undefined;
    if (input.apiKey !== undefined) {
      ({ key: apiKey } = await createApiKeyRecord(tx, {
        workspaceId: workspace.id,
        name: "Bootstrap key",
        role: "owner",
        createdBy: owner.id,
        key: input.apiKey,
      }));
    }
    return { workspace, owner, apiKey };
  });
}
