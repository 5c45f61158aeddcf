import { z } from "zod";

export const CUSTOM_FIELD_OBJECTS = ["contacts", "companies", "deals", "activities", "tasks"] as const;
export const CustomFieldObject = z.enum(CUSTOM_FIELD_OBJECTS);
export type CustomFieldObject = z.infer<typeof CustomFieldObject>;

export const CUSTOM_FIELD_TYPES = [
  "text",
  "long_text",
  "number",
  "currency",
  "date",
  "datetime",
  "boolean",
  "single_select",
  "multi_select",
  "url",
  "email",
  "phone",
  "user",
  "record_link",
] as const;
export const CustomFieldType = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

export const CustomFieldOption = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(100),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
  message: "Use lower-case letters, digits and _, starting with a letter",
});

export const CreateCustomFieldBody = z.strictObject({
  key: Key.optional().describe("Defaults to a slug of the label; cannot change later"),
  label: z.string().trim().min(1, { message: "Enter a label" }).max(100),
  type: CustomFieldType,
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  sensitive: z
    .boolean()
    .default(false)
    .describe(
      "Store values encrypted at rest; they can then be filtered by exact match (eq) only, not sorted. Cannot be turned off",
    ),
  options: z.array(CustomFieldOption).max(500).default([]),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .describe("For currency fields: ISO 4217 code; defaults to the workspace base currency"),
  target: CustomFieldObject.optional().describe("For record_link fields"),
  description: z.string().trim().max(500).nullable().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CreateCustomFieldBody = z.input<typeof CreateCustomFieldBody>;

export const UpdateCustomFieldBody = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  sensitive: z
    .literal(true)
    .optional()
    .describe("Encrypt the field's values from now on, existing ones included; cannot be undone"),
  options: z.array(CustomFieldOption).max(500).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const CustomFieldDto = z.object({
  id: z.uuid(),
  object: CustomFieldObject,
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  required: z.boolean(),
  unique: z.boolean(),
  sensitive: z.boolean().describe("Values are encrypted at rest and filterable by exact match only"),
  options: z.array(z.object({ value: z.string(), label: z.string(), color: z.string().optional() })),
  currency: z.string().nullable(),
  target: z.string().nullable(),
  description: z.string().nullable(),
  position: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CustomFieldDto = z.infer<typeof CustomFieldDto>;

/** The types whose values may be marked sensitive (encrypted at rest). */
export const SENSITIVE_FIELD_TYPES: readonly CustomFieldType[] = [
  "text",
  "long_text",
  "number",
  "currency",
  "date",
  "datetime",
  "url",
  "email",
  "phone",
];

/** A key derived from a label: "Annual Budget (€)" → "annual_budget". */
export function customFieldKey(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 63);
  return /^[a-z]/.test(slug) ? slug : `f_${slug}`.slice(0, 63);
}
