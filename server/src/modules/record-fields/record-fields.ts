import type { FilterableFieldDto, ViewObject } from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { companies, contacts, deals, tasks } from "../../platform/db/schema/index.ts";
import { resolveField, type SqlRegistry } from "../../platform/filter/compile.ts";
import type { SortableField } from "../../platform/records/list.ts";
import { companyRegistry, SORTABLE as companySortable } from "../companies/company.query.ts";
import { contactRegistry, SORTABLE as contactSortable } from "../contacts/contact.query.ts";
import { customSortable } from "../custom-fields/custom-field.sql.ts";
import { type CustomFieldRow, listCustomFields } from "../custom-fields/custom-field.store.ts";
import { dealRegistry, SORTABLE as dealSortable } from "../deals/deal.query.ts";
import { taskRegistry, SORTABLE as taskSortable } from "../tasks/task.query.ts";
import { lifecycleStageKeys } from "../workspaces/workspace.store.ts";

/** What a list of one object can filter and sort by: the same registry and sort keys its list route uses. */
export type ObjectFields = {
  registry: SqlRegistry;
  sortable: Record<string, SortableField>;
  customFields: CustomFieldRow[];
};

/** The filter registry and sortable fields of an object in a workspace, custom fields included. */
export async function objectFields(db: Db, workspaceId: string, object: ViewObject): Promise<ObjectFields> {
  const defs = await listCustomFields(db, workspaceId, object);
  switch (object) {
    case "contacts":
      return {
        registry: contactRegistry(defs, await lifecycleStageKeys(db, workspaceId)),
        sortable: { ...contactSortable, ...customSortable(defs, sql`${contacts.custom}`) },
        customFields: defs,
      };
    case "companies": {
      const contactDefs = await listCustomFields(db, workspaceId, "contacts");
      return {
        registry: companyRegistry(defs, contactDefs),
        sortable: { ...companySortable, ...customSortable(defs, sql`${companies.custom}`) },
        customFields: defs,
      };
    }
    case "deals":
      return {
        registry: dealRegistry(defs),
        sortable: { ...dealSortable, ...customSortable(defs, sql`${deals.custom}`) },
        customFields: defs,
      };
    case "tasks":
      return {
        registry: taskRegistry(defs),
        sortable: { ...taskSortable, ...customSortable(defs, sql`${tasks.custom}`) },
        customFields: defs,
      };
  }
}

/**
 * Every path a filter on the object may name: its own fields, its custom fields (`custom.tier`) and
 * the fields of its relations two steps deep (`company.industry`, `deals.stage.name`).
 */
export function filterableFields(fields: ObjectFields): FilterableFieldDto[] {
  const resolve = resolveField(fields.registry);
  const labels = new Map(fields.customFields.map((d) => [`custom.${d.key}`, d.label]));
  const paths = [...(resolve.paths ?? []), ...fields.customFields.map((d) => `custom.${d.key}`)];
  return paths.flatMap((path) => {
    const spec = resolve(path);
    if (!spec) return [];
    const label = labels.get(path);
    return [
      {
        path,
        type: spec.type,
        ...(spec.options ? { options: [...spec.options] } : {}),
        ...(label ? { label } : {}),
        sortable: Object.hasOwn(fields.sortable, path),
      },
    ];
  });
}
