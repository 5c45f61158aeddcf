import type { FilterableFieldDto, ViewObject } from "@rapport/core";
import type { Db } from "../../platform/db/index.ts";
import { resolveField } from "../../platform/filter/compile.ts";
import type { ListFields } from "../../platform/records/list-plan.ts";
import { activityListFields } from "../activities/activity.query.ts";
import { companyListFields } from "../companies/company.query.ts";
import { contactListFields } from "../contacts/contact.query.ts";
import { dealListFields } from "../deals/deal.query.ts";
import { taskListFields } from "../tasks/task.query.ts";

/** What each object's list route filters and sorts by: the same functions those routes use. */
const LIST_FIELDS: Record<ViewObject | "activities", (db: Db, workspaceId: string) => Promise<ListFields>> = {
  contacts: contactListFields,
  companies: companyListFields,
  deals: dealListFields,
  tasks: taskListFields,
  activities: activityListFields,
};

/** The filter registry and sortable fields of an object in a workspace, custom fields included. */
export const objectFields = (db: Db, workspaceId: string, object: ViewObject | "activities") =>
  LIST_FIELDS[object](db, workspaceId);

/**
 * Every path a filter on the object may name: its own fields, its custom fields (`custom.tier`) and
 * the fields of its relations two steps deep (`company.industry`, `deals.stage.name`).
 */
export function filterableFields(fields: ListFields): FilterableFieldDto[] {
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
