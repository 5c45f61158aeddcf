import { z } from "zod";
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits.ts";
import { LifecycleStages } from "./records/contacts.ts";
import { Role, RolePermissions } from "./roles.ts";

export const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH)
  .pipe(z.email({ message: "Enter a valid email address, such as ada@example.com" }))
  .transform((value) => value.toLowerCase());

export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `Use at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `Use at most ${PASSWORD_MAX_LENGTH} characters` });

const PersonName = z.string().trim().min(1, { message: "Enter a name" }).max(NAME_MAX_LENGTH);
const WorkspaceName = z.string().trim().min(1, { message: "Enter a workspace name" }).max(NAME_MAX_LENGTH);
const Token = z.string().min(16).max(200);
const Id = z.uuid();

export const SignUpBody = z.strictObject({
  workspaceName: WorkspaceName,
  name: PersonName,
  email: Email,
  password: NewPassword,
});
export type SignUpBody = z.input<typeof SignUpBody>;

export const SignInBody = z.strictObject({
  email: Email,
  password: z.string().min(1, { message: "Enter your password" }).max(PASSWORD_MAX_LENGTH),
});
export type SignInBody = z.input<typeof SignInBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

export const PasswordResetRequestBody = z.strictObject({ email: Email });
export const PasswordResetConfirmBody = z.strictObject({ token: Token, password: NewPassword });
export type PasswordResetConfirmBody = z.input<typeof PasswordResetConfirmBody>;

export const SwitchWorkspaceBody = z.strictObject({ workspaceId: Id });

export const UpdateProfileBody = z.strictObject({ name: PersonName });
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: "Use a three-letter ISO 4217 code such as EUR" });
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: "Use a two-letter ISO 3166 country code such as US or DE" });
export const UpdateWorkspaceBody = z.strictObject({
  name: WorkspaceName.optional(),
  baseCurrency: CurrencyCode.optional().describe("Totals across currencies are converted to it"),
  defaultCountry: CountryCode.nullable()
    .optional()
    .describe("Phones typed without a country code are read as this country's (ISO 3166-1 alpha-2)"),
  lifecycleStages: LifecycleStages.optional().describe(
    "The contact lifecycle stages in order. Keys are kept on contacts: a stage still in use cannot be removed (409).",
  ),
  requireTwoFactor: z
    .boolean()
    .optional()
    .describe("Members without two-factor sign-in are sent to enrol before they can use the workspace"),
});
export type UpdateWorkspaceBody = z.input<typeof UpdateWorkspaceBody>;

export const UserDto = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  twoFactorEnabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type UserDto = z.infer<typeof UserDto>;

export const WorkspaceDto = z.object({
  id: Id,
  name: z.string(),
  baseCurrency: z.string(),
  defaultCountry: z.string().nullable(),
  lifecycleStages: z.array(z.object({ key: z.string(), label: z.string() })),
  requireTwoFactor: z.boolean().describe("Members must sign in with a second factor"),
  createdAt: z.iso.datetime(),
});
export type WorkspaceDto = z.infer<typeof WorkspaceDto>;

export const SessionDto = z.object({
  user: UserDto,
  workspace: WorkspaceDto,
  role: Role,
  roleName: z.string(),
  permissions: RolePermissions.describe("What the caller's role may do here; the server enforces it"),
  workspaces: z.array(z.object({ id: Id, name: z.string(), role: Role })),
  csrfToken: z
    .string()
    .describe("Send it back as the X-CSRF-Token header on every cookie-authenticated write"),
});
export type SessionDto = z.infer<typeof SessionDto>;

export const MemberDto = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  joinedAt: z.iso.datetime(),
});
export type MemberDto = z.infer<typeof MemberDto>;

/** A user as records show them: an owner, an assignee. */
export const UserRefDto = z.object({ id: Id, name: z.string(), email: z.string() });
export type UserRefDto = z.infer<typeof UserRefDto>;
export const UpdateMemberBody = z.strictObject({ role: Role });

export const CreateInvitationBody = z.strictObject({
  email: Email,
  role: Role.refine((r) => r !== "owner", {
    message: "Invite as admin, then transfer ownership",
  }),
});
export type CreateInvitationBody = z.input<typeof CreateInvitationBody>;
export const InvitationDto = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  invitedBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationDto = z.infer<typeof InvitationDto>;
export const CreatedInvitationDto = InvitationDto.extend({
  token: z.string(),
  url: z.string().describe("The link to send to the invitee; shown only once"),
});
export type CreatedInvitationDto = z.infer<typeof CreatedInvitationDto>;
export const InvitationLookupDto = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: Role,
  userExists: z.boolean().describe("When true, accepting asks for the existing account's password"),
  expiresAt: z.iso.datetime(),
});
export type InvitationLookupDto = z.infer<typeof InvitationLookupDto>;
export const AcceptInvitationBody = z.strictObject({
  token: Token,
  name: PersonName.optional().describe("Required when no account exists for the invited email"),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type AcceptInvitationBody = z.input<typeof AcceptInvitationBody>;

export const ApiKeyDto = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to recognise it"),
  role: Role,
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiKeyDto = z.infer<typeof ApiKeyDto>;
export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, { message: "Name the key after what will use it" }).max(NAME_MAX_LENGTH),
  role: Role.default("sales_rep"),
});
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBody>;
export const CreatedApiKeyDto = ApiKeyDto.extend({
  key: z.string().describe("The secret key; shown only once"),
});
export type CreatedApiKeyDto = z.infer<typeof CreatedApiKeyDto>;

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** Sign-in answered for an account with two-factor sign-in: send a code with the pending token. */
export const TwoFactorChallengeDto = z.object({
  twoFactorRequired: z.literal(true),
  pendingToken: z
    .string()
    .describe("Send it to POST /auth/sign-in/two-factor with a code, within five minutes"),
  expiresAt: z.iso.datetime(),
});
export type TwoFactorChallengeDto = z.infer<typeof TwoFactorChallengeDto>;
export const SignInResultDto = z.union([SessionDto, TwoFactorChallengeDto]);
export type SignInResultDto = z.infer<typeof SignInResultDto>;

const TwoFactorCode = z
  .string()
  .trim()
  .min(6, { message: "Enter the 6-digit code from your app, or a recovery code" })
  .max(20, { message: "Enter the 6-digit code from your app, or a recovery code" });

export const TwoFactorSignInBody = z.strictObject({
  pendingToken: z.string().min(1).max(300),
  code: TwoFactorCode,
});
export type TwoFactorSignInBody = z.input<typeof TwoFactorSignInBody>;

export const TwoFactorEnrolmentDto = z.object({
  secret: z.string().describe("Base32, for typing into an authenticator app"),
  otpauthUri: z.string().describe("The otpauth:// URI to show as a QR code"),
});
export type TwoFactorEnrolmentDto = z.infer<typeof TwoFactorEnrolmentDto>;
export const TwoFactorConfirmBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: "Enter the 6-digit code from your app" }),
});
export const RecoveryCodesDto = z.object({
  recoveryCodes: z.array(z.string()).describe("Each works once instead of a code; shown only now"),
});
export type RecoveryCodesDto = z.infer<typeof RecoveryCodesDto>;
export const TwoFactorDisableBody = z
  .strictObject({
    code: TwoFactorCode.optional(),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
  })
  .refine((b) => b.code !== undefined || b.password !== undefined, {
    message: "Enter a code from your app, a recovery code or your password",
    path: ["code"],
  });
export type TwoFactorDisableBody = z.input<typeof TwoFactorDisableBody>;

/** A signed-in browser session, as the sessions screen lists it. */
export const SessionInfoDto = z.object({
  id: Id,
  current: z.boolean(),
  device: z.string().describe("Browser and system, read from the user agent"),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().describe("Updated at most once a minute"),
});
export type SessionInfoDto = z.infer<typeof SessionInfoDto>;
