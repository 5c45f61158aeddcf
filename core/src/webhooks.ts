import { z } from "zod";

const RECORD_OBJECTS = ["contact", "company", "deal", "task", "activity"] as const;
const RECORD_EVENTS = ["created", "updated", "deleted", "restored", "purged"] as const;

/** Every event a webhook can subscribe to: each record change, plus the changes with a meaning of their own. */
export const WEBHOOK_EVENT_TYPES = [
  ...RECORD_OBJECTS.flatMap((object) => RECORD_EVENTS.map((event) => `${object}.${event}`)),
  "deal.stage_changed",
  "task.completed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const isPublicScheme = (url: string) => /^https?:\/\//i.test(url);

export const WebhookUrl = z
  .url({ message: "Enter an absolute URL such as https://example.com/hooks/rapport" })
  .max(2000, { message: "Use a URL of at most 2000 characters" })
  .refine(isPublicScheme, { message: "Use an http:// or https:// URL" });

export const WebhookEvents = z
  .array(
    z.enum(WEBHOOK_EVENT_TYPES, {
      message: `Unknown event type; use one of ${WEBHOOK_EVENT_TYPES.join(", ")}`,
    }),
  )
  .min(1, { message: "Choose at least one event type" })
  .transform((events) => [...new Set(events)]);

const WebhookFilter = z
  .unknown()
  .nullable()
  .describe(
    "Only events whose record matches this filter (the filter language, on the record's own and custom fields) are sent; needs events of one object. Null sends every event",
  );

export const CreateWebhookBody = z.strictObject({
  url: WebhookUrl,
  events: WebhookEvents,
  filter: WebhookFilter.default(null),
  description: z.string().trim().max(200).default(""),
  enabled: z.boolean().default(true),
});
export type CreateWebhookBody = z.input<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z.strictObject({
  url: WebhookUrl.optional(),
  events: WebhookEvents.optional(),
  filter: WebhookFilter.optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookBody = z.input<typeof UpdateWebhookBody>;

export const WebhookDto = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  filter: z.unknown().nullable(),
  enabled: z.boolean(),
  /** Why Rapport disabled it, when it did (deliveries kept failing). */
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDto = z.infer<typeof WebhookDto>;

/** Creation and secret rotation answer with the signing secret, this once. */
export const WebhookWithSecretDto = WebhookDto.extend({ secret: z.string() });
export type WebhookWithSecretDto = z.infer<typeof WebhookWithSecretDto>;

export const WEBHOOK_DELIVERY_STATES = ["pending", "succeeded", "failed"] as const;

export const WebhookDeliveryDto = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  object: z.string(),
  recordId: z.uuid(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  responseSnippet: z.string().nullable(),
  error: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliveryDto>;

export const WebhookDeliveryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().optional(),
});

export const WebhookDeliveryPage = z.object({
  data: z.array(WebhookDeliveryDto),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;
