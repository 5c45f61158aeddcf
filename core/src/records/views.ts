import { z } from "zod";
import { FIELD_TYPES } from "../filter/fields.ts";

/** The objects a table (and so a saved view) exists for. */
export const VIEW_OBJECTS = ["contacts", "companies", "deals", "tasks"] as const;
export const ViewObject = z.enum(VIEW_OBJECTS);
export type ViewObject = z.infer<typeof ViewObject>;

/** Personal views are seen by their creator alone; shared ones by the whole workspace. */
export const VIEW_VISIBILITIES = ["personal", "shared"] as const;
export const ViewVisibility = z.enum(VIEW_VISIBILITIES);
export type ViewVisibility = z.infer<typeof ViewVisibility>;

export const MAX_VIEW_COLUMNS = 100;
export const MIN_COLUMN_WIDTH = 40;
export const MAX_COLUMN_WIDTH = 2000;

/** One column of a table: the field it shows and, once resized, its width in CSS pixels. */
export const ViewColumn = z.strictObject({
  key: z.string().trim().min(1).max(200),
  width: z.number().int().min(MIN_COLUMN_WIDTH).max(MAX_COLUMN_WIDTH).optional(),
});
export type ViewColumn = z.infer<typeof ViewColumn>;

const Columns = z
  .array(ViewColumn)
  .max(MAX_VIEW_COLUMNS)
  .refine((columns) => new Set(columns.map((c) => c.key)).size === columns.length, {
    message: "Each column may appear once",
  });

const viewFields = {
  name: z.string().trim().min(1, { message: "Enter a name" }).max(100),
  filter: z
    .unknown()
    .nullable()
    .describe("A filter in the filter language, checked against the object's fields; null for none"),
  sort: z.string().max(300).describe("Comma-separated keys, `-` for descending: `-amount,name`"),
  columns: Columns.describe("The columns shown, in order"),
  visibility: ViewVisibility.describe("shared needs the member role or higher"),
};

export const CreateViewBody = z.strictObject({
  object: ViewObject,
  name: viewFields.name,
  filter: viewFields.filter.default(null),
  sort: viewFields.sort.default(""),
  columns: viewFields.columns.default([]),
  visibility: viewFields.visibility.default("personal"),
  isDefault: z.boolean().default(false).describe("Make it the caller's default view of the object"),
});
export type CreateViewBody = z.input<typeof CreateViewBody>;

export const UpdateViewBody = z.strictObject({
  name: viewFields.name.optional(),
  filter: viewFields.filter.optional(),
  sort: viewFields.sort.optional(),
  columns: viewFields.columns.optional(),
  visibility: viewFields.visibility.optional(),
});
export type UpdateViewBody = z.input<typeof UpdateViewBody>;

export const ListViewsQuery = z.strictObject({ object: ViewObject });

export const ViewDto = z.object({
  id: z.uuid(),
  object: ViewObject,
  name: z.string(),
  filter: z.unknown().nullable(),
  sort: z.string(),
  columns: z.array(z.object({ key: z.string(), width: z.number().int().optional() })),
  visibility: ViewVisibility,
  isDefault: z.boolean().describe("Whether this is the caller's default view of the object"),
  canEdit: z.boolean().describe("Whether the caller may change or delete the view"),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
});
export type ViewDto = z.infer<typeof ViewDto>;

/** A field a filter may name and whether a list can sort by it, for the filter builder and columns. */
export const FilterableFieldDto = z.object({
  path: z.string().describe("`name`, `company.industry`, `custom.tier`"),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()).optional(),
  label: z.string().optional().describe("The label of a custom field"),
  sortable: z.boolean(),
});
export type FilterableFieldDto = z.infer<typeof FilterableFieldDto>;
