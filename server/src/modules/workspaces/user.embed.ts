import { UserRefDto } from "@rapport/core";
import { embedOne } from "../../platform/records/embed.ts";
import { userRefs } from "./workspace.store.ts";

/** Embeds the user a record points at (its owner, a task's assignee) as `{id, name, email}`. */
export const embedUser = <Item>(idOf: (item: Item) => string | null) =>
  embedOne(UserRefDto, (db, _principal, ids) => userRefs(db, ids), idOf);
