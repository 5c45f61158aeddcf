import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { type SessionDto, SignInBody, type TwoFactorChallengeDto } from "@rapport/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { ApiError } from "../../app/api.ts";
import { startSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { authApi } from "./api.ts";
import { AuthCard } from "./auth-layout.tsx";
import { authText } from "./text.ts";
import { TwoFactorStep } from "./two-factor-step.tsx";

const route = getRouteApi("/public/sign-in");

export function SignInPage() {
  const search = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: validateWith(SignInBody),
  });
  const [challenge, setChallenge] = useState<TwoFactorChallengeDto | null>(null);
  const enter = async (session: SessionDto) => {
    startSession(queryClient, session);
    if (search.redirect) router.history.push(search.redirect);
    else await router.navigate({ to: "/contacts" });
  };
  const signIn = useMutation({
    mutationFn: (values: typeof form.values) => authApi.signIn(SignInBody.parse(values)),
    onSuccess: async (result) => {
      if ("twoFactorRequired" in result) setChallenge(result);
      else await enter(result);
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  let error = signIn.error ? messageOf(signIn.error) : null;
  if (signIn.error instanceof ApiError && signIn.error.status === 429 && signIn.error.retryAfter) {
    error = `${error} ${authText.tryAgainIn(signIn.error.retryAfter)}`;
  }

  return (
    <AuthCard
      title={authText.signInTitle}
      footer={
        <>
          {authText.noAccount}{" "}
          <Anchor renderRoot={(props) => <Link to="/sign-up" {...props} />}>{authText.createLink}</Anchor>
        </>
      }
    >
      {challenge ? (
        <TwoFactorStep challenge={challenge} onSession={enter} />
      ) : (
        <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
          <Stack>
            <FormAlert error={error} success={search.reset ? authText.passwordResetDone : null} />
            <TextInput
              label={authText.email}
              type="email"
              autoComplete="email"
              required
              autoFocus
              {...form.getInputProps("email")}
            />
            <Stack gap={4}>
              <PasswordInput
                label={authText.password}
                autoComplete="current-password"
                required
                {...form.getInputProps("password")}
              />
              <Group justify="flex-end">
                <Anchor size="sm" renderRoot={(props) => <Link to="/forgot-password" {...props} />}>
                  {authText.forgotLink}
                </Anchor>
              </Group>
            </Stack>
            <Button type="submit" fullWidth loading={signIn.isPending}>
              {authText.signInSubmit}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
