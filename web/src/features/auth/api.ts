import type {
  AcceptInvitationBody,
  InvitationLookupDto,
  PasswordResetConfirmBody,
  SessionDto,
  SignInBody,
  SignInResultDto,
  SignUpBody,
  TwoFactorSignInBody,
} from "@rapport/core";
import { api } from "../../app/api.ts";

export const authApi = {
  signIn: (body: SignInBody) => api<SignInResultDto>("POST", "/auth/sign-in", body),
  signInTwoFactor: (body: TwoFactorSignInBody) => api<SessionDto>("POST", "/auth/sign-in/two-factor", body),
  signUp: (body: SignUpBody) => api<SessionDto>("POST", "/auth/sign-up", body),
  signOut: () => api<void>("POST", "/auth/sign-out"),
  requestPasswordReset: (email: string) => api<void>("POST", "/auth/password-reset/request", { email }),
  confirmPasswordReset: (body: PasswordResetConfirmBody) =>
    api<void>("POST", "/auth/password-reset/confirm", body),
  lookupInvitation: (token: string) =>
    api<InvitationLookupDto>("GET", `/invitations/lookup?token=${encodeURIComponent(token)}`),
  acceptInvitation: (body: AcceptInvitationBody) => api<SignInResultDto>("POST", "/invitations/accept", body),
};

/** Only same-site paths may be returned to after signing in. */
export function safeRedirect(value: unknown): string | undefined {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : undefined;
}
