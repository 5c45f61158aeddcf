import { Email, NewPassword } from "@rapport/core";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/index.ts";
import type { Logger } from "../../platform/log.ts";
import { createWorkspaceWithOwner } from "./create-workspace.ts";
import { countUsers } from "./workspace.store.ts";

/** Headless set-up: on a database without users, creates the configured workspace, owner and key. */
export async function bootstrap(db: Db, config: Config, log: Logger): Promise<boolean> {
  const wanted = config.bootstrap;
  if (!wanted || (await countUsers(db)) > 0) return false;
  const email = Email.safeParse(wanted.email);
  const password = NewPassword.safeParse(wanted.password);
  if (!email.success)
    throw new Error(`RAPPORT_BOOTSTRAP_EMAIL is not a valid email address: ${wanted.email}`);
  if (!password.success) {
    throw new Error(`RAPPORT_BOOTSTRAP_PASSWORD is too weak: ${password.error.issues[0]?.message}`);
  }
  const { workspace, owner } = await createWorkspaceWithOwner(db, {
    name: wanted.workspace,
    owner: { email: email.data, name: email.data.split("@")[0]!, password: password.data },
    apiKey: wanted.apiKey,
  });
  log.info(
    { workspaceId: workspace.id, ownerId: owner.id, apiKey: wanted.apiKey ? "created" : "none" },
    "bootstrap workspace created",
  );
  return true;
}
