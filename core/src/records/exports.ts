import { z } from "zod";

/** The objects a list export exists for. */
export const EXPORT_OBJECTS = ["contacts", "companies", "deals", "activities", "tasks"] as const;
export type ExportObject = (typeof EXPORT_OBJECTS)[number];

/** csv and json for every object; vcf (vCard 4.0) for contacts only. */
export const EXPORT_FORMATS = ["csv", "json", "vcf"] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

const viewParam = z
  .uuid()
  .optional()
  .describe("A saved view whose filter, sort and columns apply unless filter, sort or fields are given");

/** Query-string parameters of `GET /{object}/export`: the list's filter, sort and fields, and a view. */
export const ExportQuery = z.strictObject({
  format: ExportFormat.default("csv"),
  filter: z.string().max(20_000).optional().describe("URL-encoded JSON in the filter language"),
  sort: z.string().max(300).optional().describe("Comma-separated keys, `-` for descending: `-amount,name`"),
  fields: z
    .string()
    .max(2000)
    .optional()
    .describe("Comma-separated properties to export (`id` always comes), such as `displayName,custom.tier`"),
  view: viewParam,
});
export type ExportQuery = z.input<typeof ExportQuery>;

/** Body of `POST /{object}/export`: the same, with the filter as JSON. */
export const ExportBody = z.strictObject({
  format: ExportFormat.default("csv"),
  filter: z.unknown().optional(),
  sort: z.string().max(300).optional(),
  fields: z
    .array(z.string().max(100))
    .max(200)
    .optional()
    .describe("Properties to export (`id` always comes)"),
  view: viewParam,
});
export type ExportBody = z.input<typeof ExportBody>;

/** The word that confirms an erasure when the contact's name is not typed instead. */
export const ERASE_CONFIRMATION = "ERASE";

/** Body of `POST /contacts/{id}/erase`: the contact's display name typed again, or `ERASE`. */
export const EraseContactBody = z.strictObject({
  confirm: z
    .string()
    .trim()
    .min(1, { message: "Type the contact's name or ERASE to confirm" })
    .max(500)
    .describe("The contact's display name, exactly, or the word ERASE"),
});
export type EraseContactBody = z.input<typeof EraseContactBody>;

export const ErasureDto = z.object({
  id: z.uuid(),
  displayName: z.string().describe("What the contact is called from now on"),
  erasedAt: z.iso.datetime(),
  scrubbed: z
    .object({
      fieldHistory: z.number().int(),
      activities: z.number().int(),
      tasks: z.number().int(),
      events: z.number().int(),
    })
    .describe("How many rows elsewhere had the person's data removed"),
});
export type ErasureDto = z.infer<typeof ErasureDto>;

/** The display name an erased contact keeps. */
export const ERASED_CONTACT_NAME = "Erased contact";
