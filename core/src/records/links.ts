import { z } from "zod";

/** The records an activity or a task can concern. */
export const LINK_TARGET_TYPES = ["contact", "company", "deal"] as const;
export const LinkTargetType = z.enum(LINK_TARGET_TYPES);
export type LinkTargetType = z.infer<typeof LinkTargetType>;

export const RecordLink = z.strictObject({ type: LinkTargetType, id: z.uuid() });
export type RecordLink = z.infer<typeof RecordLink>;

export const MAX_RECORD_LINKS = 100;
export const RecordLinks = z.array(RecordLink).max(MAX_RECORD_LINKS);

export const RecordLinkDto = z.object({ type: LinkTargetType, id: z.uuid() });
