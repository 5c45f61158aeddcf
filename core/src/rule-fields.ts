import { UpdateActivityBody } from "./records/activities.ts";
import { UpdateCompanyBody } from "./records/companies.ts";
import { UpdateContactBody } from "./records/contacts.ts";
import { UpdateDealBody } from "./records/deals.ts";
import { UpdateTaskBody } from "./records/tasks.ts";
import type { PermissionObject } from "./roles.ts";

// Apart from roles.ts, which the records' schemas reach through auth.ts: importing them there would be a cycle.
/** The built-in fields a rule may name per object: those a record's body sets (custom ones go by `custom.<key>`). */
export const RULE_FIELDS: Record<PermissionObject, readonly string[]> = Object.fromEntries(
  (
    [
      ["contacts", UpdateContactBody],
      ["companies", UpdateCompanyBody],
      ["deals", UpdateDealBody],
      ["activities", UpdateActivityBody],
      ["tasks", UpdateTaskBody],
    ] as const
  ).map(([object, body]) => [object, Object.keys(body.shape).filter((k) => k !== "custom")]),
) as unknown as Record<PermissionObject, readonly string[]>;
