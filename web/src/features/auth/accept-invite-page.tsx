import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  AcceptInvitationBody,
  type InvitationLookupDto,
  NewPassword,
  type SessionDto,
  type TwoFactorChallengeDto,
  UpdateProfileBody,
} from "@rapport/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { z } from "zod";
import { ApiError } from "../../app/api.ts";
import { startSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatRelative } from "../../ui/format.ts";
import { PageLoader } from "../../ui/page.tsx";
import { authApi } from "./api.ts";
import { AuthCard } from "./auth-layout.tsx";
import { confirmationErrors } from "./password-confirmation.ts";
import { authText } from "./text.ts";
import { TwoFactorStep } from "./two-factor-step.tsx";

const route = getRouteApi("/invite/$token");

const validateNewAccount = validateWith(
  z.object({ name: UpdateProfileBody.shape.name, password: NewPassword }),
);
const validateExistingAccount = validateWith(z.object({ password: AcceptInvitationBody.shape.password }));

export function AcceptInvitePage() {
  const { token } = route.useParams();
  const lookup = useQuery({
    queryKey: ["invitation-lookup", token],
    queryFn: () => authApi.lookupInvitation(token),
    retry: false,
  });
  const signInLink = (
    <Anchor renderRoot={(props) => <Link to="/sign-in" {...props} />}>{authText.signInLink}</Anchor>
  );

  if (lookup.isPending) {
    return (
      <AuthCard title={authText.inviteTitle("…")}>
        <PageLoader />
      </AuthCard>
    );
  }
  if (lookup.isError) {
    const status = lookup.error instanceof ApiError ? lookup.error.status : 0;
    return (
      <AuthCard title={authText.inviteProblemTitle} footer={signInLink}>
        <FormAlert error={authText.inviteProblems[status] ?? messageOf(lookup.error)} />
      </AuthCard>
    );
  }
  return <AcceptForm token={token} invitation={lookup.data} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationLookupDto }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const newAccount = !invitation.userExists;
  const [challenge, setChallenge] = useState<TwoFactorChallengeDto | null>(null);
  const enter = async (session: SessionDto) => {
    startSession(queryClient, session);
    await router.navigate({ to: "/contacts" });
  };
  const form = useForm({
    initialValues: { name: "", password: "", confirmPassword: "" },
    validate: (values) =>
      newAccount
        ? { ...validateNewAccount(values), ...confirmationErrors(values.password, values.confirmPassword) }
        : validateExistingAccount(values),
  });
  const accept = useMutation({
    mutationFn: (values: typeof form.values) =>
      authApi.acceptInvitation(
        AcceptInvitationBody.parse(
          newAccount
            ? { token, name: values.name, password: values.password }
            : { token, password: values.password },
        ),
      ),
    onSuccess: async (result) => {
      if ("twoFactorRequired" in result) setChallenge(result);
      else await enter(result);
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const status = accept.error instanceof ApiError ? accept.error.status : 0;
  const error = accept.error ? (authText.inviteProblems[status] ?? messageOf(accept.error)) : null;

  return (
    <AuthCard
      title={authText.inviteTitle(invitation.workspaceName)}
      subtitle={authText.inviteSubtitle(invitation.email, invitation.role)}
    >
      {challenge ? (
        <TwoFactorStep challenge={challenge} onSession={enter} />
      ) : (
        <form onSubmit={form.onSubmit((values) => accept.mutate(values))} noValidate>
          <Stack>
            <Text size="sm">{newAccount ? authText.inviteNewAccount : authText.inviteExistingAccount}</Text>
            <FormAlert error={error} />
            <TextInput
              label={authText.email}
              value={invitation.email}
              readOnly
              variant="filled"
              autoComplete="username"
            />
            {newAccount && (
              <TextInput
                label={authText.name}
                autoComplete="name"
                required
                autoFocus
                {...form.getInputProps("name")}
              />
            )}
            <PasswordInput
              label={authText.password}
              description={newAccount ? authText.passwordHint : undefined}
              autoComplete={newAccount ? "new-password" : "current-password"}
              required
              autoFocus={!newAccount}
              {...form.getInputProps("password")}
            />
            {newAccount && (
              <PasswordInput
                label={authText.confirmPassword}
                autoComplete="new-password"
                required
                {...form.getInputProps("confirmPassword")}
              />
            )}
            <Button type="submit" fullWidth loading={accept.isPending}>
              {authText.inviteSubmit}
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              {authText.inviteExpires(formatRelative(invitation.expiresAt))}
            </Text>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
