import { z } from "zod";

export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_BATCH_SIZE = 1000;

const trimmed = (max: number) => z.string().trim().max(max);
/** Optional text: blank strings are stored as null. */
export const OptionalText = (max = 500) =>
  trimmed(max)
    .nullable()
    .transform((v) => (v === "" ? null : v));

export const LabeledValue = z.strictObject({
  value: z.string().trim().min(1, { message: "Enter a value" }).max(320),
  label: z.string().trim().max(50).nullable().default(null),
  primary: z.boolean().default(false),
});
export type LabeledValue = z.infer<typeof LabeledValue>;

export const Address = z.strictObject({
  street: OptionalText(300).optional(),
  city: OptionalText(120).optional(),
  region: OptionalText(120).optional(),
  postalCode: OptionalText(30).optional(),
  country: OptionalText(120).optional(),
});
export type Address = z.infer<typeof Address>;

export const TagList = z
  .array(z.string().trim().min(1).max(60))
  .max(100)
  .transform((tags) => [...new Set(tags)]);

export const CustomValues = z.record(z.string(), z.unknown());

/** Fields every record answers with. */
export const RecordMeta = {
  id: z.uuid(),
  ownerId: z.uuid().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.uuid().nullable(),
  version: z.number().int(),
};

/** Query-string parameters of every list endpoint. */
export const ListQuery = z.strictObject({
  filter: z.string().max(20_000).optional().describe("URL-encoded JSON in the filter language"),
  sort: z.string().max(300).optional().describe("Comma-separated keys, `-` for descending: `-amount,name`"),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(2000).optional().describe("The nextCursor of the previous page"),
  count: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  fields: z
    .string()
    .max(2000)
    .optional()
    .describe(
      "Comma-separated properties to return (`id` always comes), such as `displayName,email,custom.tier`",
    ),
  include: z
    .string()
    .max(300)
    .optional()
    .describe(
      "Comma-separated related records to embed under each item's `embedded`, such as `company,owner`",
    ),
});
export type ListQuery = z.input<typeof ListQuery>;

export const ListBody = z.strictObject({
  filter: z.unknown().optional(),
  sort: z.string().max(300).optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(2000).optional(),
  count: z.boolean().default(false),
  fields: z
    .array(z.string().max(100))
    .max(100)
    .optional()
    .describe("Properties to return (`id` always comes)"),
  include: z
    .array(z.string().max(40))
    .max(20)
    .optional()
    .describe("Related records to embed under `embedded`"),
});

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });
