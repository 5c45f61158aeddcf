import { z } from "zod";
import { Address, CustomValues, LabeledValue, OptionalText, RecordMeta, TagList } from "./common.ts";

export const DEFAULT_LIFECYCLE_STAGES = [
  "subscriber",
  "lead",
  "qualified_lead",
  "opportunity",
  "customer",
  "evangelist",
  "other",
] as const;

export const ContactCompanyLink = z.strictObject({
  companyId: z.uuid(),
  role: OptionalText(120).optional(),
  primary: z.boolean().default(false),
});

const contactFields = {
  firstName: OptionalText(120).optional(),
  lastName: OptionalText(120).optional(),
  emails: z.array(LabeledValue).max(20).optional(),
  phones: z.array(LabeledValue).max(20).optional(),
  jobTitle: OptionalText(200).optional(),
  companies: z.array(ContactCompanyLink).max(50).optional(),
  address: Address.nullable().optional(),
  birthday: z.iso.date({ message: "Use a date like 1990-12-31" }).nullable().optional(),
  social: z.record(z.string().max(40), z.string().max(300)).optional(),
  lifecycleStage: z.string().trim().max(60).nullable().optional(),
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
  phones: z.array(z.object({ value: z.string(), label: z.string().nullable(), primary: z.boolean() })),
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
