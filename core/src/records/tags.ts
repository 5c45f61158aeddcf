import { z } from "zod";

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: "Use a colour like #1c7ed6" });

export const CreateTagBody = z.strictObject({
  name: z.string().trim().min(1, { message: "Enter a name" }).max(60),
  color: Color.default("#868e96"),
});
export const UpdateTagBody = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  color: Color.optional(),
});
export const TagDto = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string(),
  createdAt: z.iso.datetime(),
});
export type TagDto = z.infer<typeof TagDto>;
