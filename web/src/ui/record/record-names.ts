import type { ActivityDto, CompanyDto, ContactDto, CustomFieldObject, DealDto, TaskDto } from "@rapport/core";

/** The field a record is searched and labelled by. */
export const NAME_FIELD: Record<CustomFieldObject, string> = {
  contacts: "displayName",
  companies: "name",
  deals: "name",
  tasks: "title",
  activities: "subject",
};

type AnyRecord = ContactDto | CompanyDto | DealDto | TaskDto | ActivityDto;

/** The name a record is shown by. */
export function recordName(record: AnyRecord): string {
  if ("displayName" in record) return record.displayName;
  if ("title" in record) return record.title;
  if ("type" in record) return record.subject ?? record.type;
  return record.name;
}
