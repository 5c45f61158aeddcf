import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { runBatch } from "../../platform/records/batch.ts";
import { listCustomFields } from "../custom-fields/custom-field.store.ts";
import type { BatchCompaniesBody } from "./company.routes.ts";
import * as service from "./company.service.ts";

/** Up to 1,000 company creates, updates and deletes, all or nothing. */
export function batchCompanies(db: Db, principal: Principal, body: z.output<typeof BatchCompaniesBody>) {
  return runBatch(db, body, async (tx) => {
    const defs = await listCustomFields(tx, principal.workspaceId, "companies");
    return {
      create: (t, input) => service.createCompany(t, principal, input, { defs, allowDuplicate: true }),
      update: (t, id, input: service.UpdateCompanyInput) =>
        service.updateCompany(t, principal, id, input, { defs }),
      delete: (t, id) => service.trashCompany(t, principal, id),
    };
  });
}
