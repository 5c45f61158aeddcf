import { PASSWORD_MIN_LENGTH, type Role, roleLabel } from "@rapport/core";

export const authText = {
  twoFactorPrompt: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  twoFactorCode: "Verification code",
  twoFactorSubmit: "Verify",
  tagline: "The self-hosted CRM",
  email: "Email",
  password: "Password",
  newPassword: "New password",
  confirmPassword: "Confirm password",
  passwordsDiffer: "The passwords do not match",
  passwordHint: `At least ${PASSWORD_MIN_LENGTH} characters`,
  name: "Your name",
  workspaceName: "Workspace name",
  workspaceHint: "Usually your company or team",

  signInTitle: "Sign in to Rapport",
  signInSubmit: "Sign in",
  forgotLink: "Forgot password?",
  noAccount: "New to Rapport?",
  createLink: "Create a workspace",
  passwordResetDone: "Your password was changed. Sign in with the new one.",
  tryAgainIn: (seconds: string) => `You can try again in ${seconds} seconds.`,

  signUpTitle: "Create your workspace",
  signUpSubtitle: "You will be its owner and can invite your team afterwards.",
  signUpSubmit: "Create workspace",
  haveAccount: "Already have an account?",
  signInLink: "Sign in",

  forgotTitle: "Reset your password",
  forgotSubtitle: "Enter your account's email and we will issue a reset link.",
  forgotSubmit: "Issue reset link",
  forgotDoneTitle: "Check with your admin",
  forgotDone:
    "If an account exists, a reset link was issued. Until email is configured, your workspace admin or server operator can give you the link — it is also written to the server log.",
  forgotCommandLabel: "Command for the server operator",
  forgotCommand: (email: string) => `npx rapport user reset-password ${email}`,
  backToSignIn: "Back to sign in",

  resetTitle: "Choose a new password",
  resetSubmit: "Change password",
  resetMissingToken: "This page needs the link from your reset email or from your admin. Ask for a new one.",
  resetProblems: {
    404: "This reset link is not valid. Ask for a new one.",
    410: "This reset link has expired. Ask for a new one.",
    409: "This reset link was already used. Ask for a new one if you still need it.",
  } as Record<number, string>,
  requestNewLink: "Ask for a new link",

  inviteTitle: (workspace: string) => `Join ${workspace}`,
  inviteSubtitle: (email: string, role: Role) =>
    `You were invited as ${roleLabel(role).toLowerCase()} with ${email}.`,
  inviteNewAccount: "Create your account to accept.",
  inviteExistingAccount: "You already have a Rapport account. Enter its password to accept.",
  inviteExpires: (when: string) => `This invitation expires ${when}.`,
  inviteSubmit: "Accept invitation",
  inviteProblemTitle: "This invitation cannot be used",
  inviteProblems: {
    404: "This invitation link is not valid. Ask the person who invited you for a new one.",
    410: "This invitation has expired. Ask the person who invited you for a new one.",
    409: "This invitation was already accepted. Sign in to continue.",
  } as Record<number, string>,
};
