import { z } from "zod";
import { Address, CustomValues, LabeledValue, OptionalText, RecordMeta, TagList } from "./common.ts";

/** A step of the contact lifecycle: `key` is stored on contacts and used in filters, `label` is shown. */
export const LifecycleStage = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, {
    message:
      "Use lower-case letters, digits and underscores, starting with a letter (such as qualified_lead)",
  }),
  label: z.string().trim().min(1, { message: "Give the stage a label" }).max(60),
});
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** A workspace's lifecycle stages, in order: at least one, keys unique. */
export const LifecycleStages = z
  .array(LifecycleStage)
  .min(1, { message: "Keep at least one lifecycle stage" })
  .max(30)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      if (seen.has(s.key))
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `'${s.key}' is listed twice` });
      seen.add(s.key);
    });
  });

/** The stages a new workspace starts with; admins rename, reorder, add and remove them. */
export const DEFAULT_LIFECYCLE_STAGES: readonly LifecycleStage[] = [
  { key: "subscriber", label: "Subscriber" },
  { key: "lead", label: "Lead" },
  { key: "qualified_lead", label: "Qualified lead" },
  { key: "opportunity", label: "Opportunity" },
  { key: "customer", label: "Customer" },
  { key: "evangelist", label: "Evangelist" },
  { key: "other", label: "Other" },
];

export const ContactCompanyLink = z.strictObject({
  companyId: z.uuid(),
  role: OptionalText(120).optional(),
  primary: z.boolean().default(false),
});

const contactFields = {
  firstName: OptionalText(120).optional(),
  lastName: OptionalText(120).optional(),
  emails: z.array(LabeledValue).max(20).optional(),
  phones: z
    .array(
      LabeledValue.extend({
        e164: z.string().max(40).nullable().optional().describe("Ignored: Rapport computes it from value"),
      }),
    )
    .max(20)
    .optional(),
  jobTitle: OptionalText(200).optional(),
  companies: z.array(ContactCompanyLink).max(50).optional(),
  address: Address.nullable().optional(),
  birthday: z.iso.date({ message: "Use a date like 1990-12-31" }).nullable().optional(),
  social: z.record(z.string().max(40), z.string().max(300)).optional(),
  lifecycleStage: z
    .string()
    .trim()
    .max(40)
    .nullable()
    .optional()
    .describe("The key of one of the workspace's lifecycle stages (GET /workspace)"),
  leadSource: OptionalText(120).optional(),
  description: OptionalText(20_000).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: TagList.optional(),
  custom: CustomValues.optional(),
};

export const CreateContactBody = z.strictObject(contactFields);
export type CreateContactBody = z.input<typeof CreateContactBody>;
export const UpdateContactBody = z.strictObject(contactFields);
export type UpdateContactBody = z.input<typeof UpdateContactBody>;

export const ContactDto = z.object({
  ...RecordMeta,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  emails: z.array(z.object({ value: z.string(), label: z.string().nullable(), primary: z.boolean() })),
  phones: z.array(
    z.object({
      value: z.string().describe("As typed, for display"),
      label: z.string().nullable(),
      primary: z.boolean(),
      e164: z
        .string()
        .nullable()
        .optional()
        .describe(
          "The number in E.164 (+14155550123), read with the workspace's default country; null when it does not parse",
        ),
    }),
  ),
  email: z.string().nullable().describe("The primary email"),
  phone: z.string().nullable().describe("The primary phone"),
  jobTitle: z.string().nullable(),
  companyId: z.uuid().nullable().describe("The primary company"),
  companies: z.array(z.object({ companyId: z.uuid(), role: z.string().nullable(), primary: z.boolean() })),
  address: z
    .object({
      street: z.string().nullish(),
      city: z.string().nullish(),
      region: z.string().nullish(),
      postalCode: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullable(),
  birthday: z.string().nullable(),
  social: z.record(z.string(), z.string()),
  lifecycleStage: z.string().nullable(),
  leadSource: z.string().nullable(),
  description: z.string().nullable(),
});
export type ContactDto = z.infer<typeof ContactDto>;
