import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchContactsBody } from "./contact.routes.ts";
import * as service from "./contact.service.ts";

/** Up to 1,000 contact creates, updates and deletes, all or nothing. */
export function batchContacts(db: Db, principal: Principal, body: z.output<typeof BatchContactsBody>) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "contacts");
    return {
      create: (t, input) => service.createContact(t, principal, input, { allowDuplicate: true }),
      createMany: (t, inputs, itemPath) => service.createContacts(t, principal, inputs, { defs, itemPath }),
      update: (t, id, input: service.UpdateContactInput) =>
        service.updateContact(t, principal, id, input, { defs }),
      delete: (t, id) => service.trashContact(t, principal, id),
    };
  });
}
