import { z } from "zod";
import { CustomValues, OptionalText, RecordMeta, TagList } from "./common.ts";
import { RecordLinkDto, RecordLinks } from "./links.ts";

export const ACTIVITY_TYPES = ["note", "call", "meeting", "email"] as const;
export const ActivityType = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityType>;

export const CALL_DIRECTIONS = ["inbound", "outbound"] as const;
export const CallDirection = z.enum(CALL_DIRECTIONS);

/** The fields only some types have; a write naming one on another type is refused. */
export const ACTIVITY_TYPE_FIELDS = {
  note: [],
  call: ["direction", "durationSeconds", "outcome"],
  meeting: ["endsAt", "location", "attendees"],
  email: ["email"],
} as const satisfies Record<ActivityType, readonly string[]>;

export const MAX_ACTIVITY_BODY = 200_000;
const MAX_CALL_SECONDS = 7 * 24 * 3600;

const instant = () => z.iso.datetime({ offset: true, message: "Use a date-time like 2026-03-09T09:30:00Z" });
const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address" }));

export const Attendee = z
  .strictObject({
    email: emailAddress.nullable().optional(),
    name: OptionalText(200).optional(),
    contactId: z.uuid().nullable().optional(),
  })
  .refine((a) => Boolean(a.email || a.name || a.contactId), {
    message: "Give the attendee an email, a name or a contact",
  });

export const EmailEnvelope = z.strictObject({
  from: emailAddress,
  to: z.array(emailAddress).min(1, { message: "Name at least one recipient" }).max(500),
  cc: z.array(emailAddress).max(500).default([]),
  messageId: z.string().trim().min(1).max(998).nullable().optional().describe("The Message-ID header"),
});

const html = () => z.string().max(MAX_ACTIVITY_BODY).describe("Rich text (HTML); sanitized on save");

const shared = {
  subject: OptionalText(500).optional(),
  body: html().nullable().optional(),
  occurredAt: instant().optional().describe("When it happened (a meeting: when it starts); defaults to now"),
  ownerId: z.uuid().nullable().optional().describe("Defaults to the creator"),
  links: RecordLinks.optional().describe("The contacts, companies and deals it concerns"),
  tags: TagList.optional(),
  custom: CustomValues.optional(),
};

const callFields = {
  direction: CallDirection.nullable().optional(),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS).nullable().optional(),
  outcome: OptionalText(200).optional(),
};
const meetingFields = {
  endsAt: instant().nullable().optional().describe("Must be after occurredAt"),
  location: OptionalText(500).optional(),
  attendees: z.array(Attendee).max(500).optional(),
};

export const CreateActivityBody = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("note"),
    ...shared,
    body: html().min(1, { message: "A note needs some text" }),
  }),
  z.strictObject({ type: z.literal("call"), ...shared, ...callFields }),
  z.strictObject({ type: z.literal("meeting"), ...shared, ...meetingFields }),
  z.strictObject({ type: z.literal("email"), ...shared, email: EmailEnvelope }),
]);
export type CreateActivityBody = z.input<typeof CreateActivityBody>;

/** A partial update. The type cannot change; type-specific fields must belong to the activity's type. */
export const UpdateActivityBody = z.strictObject({
  type: ActivityType.optional().describe("Fixed at creation; accepted only when unchanged"),
  ...shared,
  ...callFields,
  ...meetingFields,
  email: EmailEnvelope.optional(),
});
export type UpdateActivityBody = z.input<typeof UpdateActivityBody>;

export const ActivityDto = z.object({
  ...RecordMeta,
  type: ActivityType,
  subject: z.string().nullable(),
  body: z.string().nullable().describe("Sanitized HTML"),
  occurredAt: z.iso.datetime(),
  endsAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().int().nullable(),
  direction: CallDirection.nullable(),
  outcome: z.string().nullable(),
  location: z.string().nullable(),
  attendees: z.array(
    z.object({ email: z.string().nullable(), name: z.string().nullable(), contactId: z.uuid().nullable() }),
  ),
  email: z
    .object({
      from: z.string().nullable(),
      to: z.array(z.string()),
      cc: z.array(z.string()),
      messageId: z.string().nullable(),
    })
    .nullable(),
  links: z.array(RecordLinkDto),
});
export type ActivityDto = z.infer<typeof ActivityDto>;
