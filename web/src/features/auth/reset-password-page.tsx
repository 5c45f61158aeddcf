import { Anchor, Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { NewPassword, PasswordResetConfirmBody } from "@rapport/core";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { z } from "zod";
import { ApiError } from "../../app/api.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { authApi } from "./api.ts";
import { AuthCard } from "./auth-layout.tsx";
import { confirmationErrors } from "./password-confirmation.ts";
import { authText } from "./text.ts";

const route = getRouteApi("/public/reset-password");
const validatePassword = validateWith(z.object({ password: NewPassword }));

export function ResetPasswordPage() {
  const { token } = route.useSearch();
  const router = useRouter();
  const form = useForm({
    initialValues: { password: "", confirmPassword: "" },
    validate: (values) => ({
      ...validatePassword(values),
      ...confirmationErrors(values.password, values.confirmPassword),
    }),
  });
  const reset = useMutation({
    mutationFn: (values: typeof form.values) =>
      authApi.confirmPasswordReset(PasswordResetConfirmBody.parse({ token, password: values.password })),
    onSuccess: () => router.navigate({ to: "/sign-in", search: { reset: true } }),
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const footer = (
    <Anchor renderRoot={(props) => <Link to="/sign-in" {...props} />}>{authText.backToSignIn}</Anchor>
  );
  const newLink = (
    <Anchor renderRoot={(props) => <Link to="/forgot-password" {...props} />}>
      {authText.requestNewLink}
    </Anchor>
  );

  if (!token || !PasswordResetConfirmBody.shape.token.safeParse(token).success) {
    return (
      <AuthCard title={authText.resetTitle} footer={footer}>
        <Stack>
          <FormAlert error={authText.resetMissingToken} />
          {newLink}
        </Stack>
      </AuthCard>
    );
  }

  const status = reset.error instanceof ApiError ? reset.error.status : 0;
  const tokenProblem = authText.resetProblems[status];

  return (
    <AuthCard title={authText.resetTitle} footer={footer}>
      <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
        <Stack>
          <FormAlert error={tokenProblem ?? (reset.error ? messageOf(reset.error) : null)} />
          {tokenProblem && newLink}
          <PasswordInput
            label={authText.newPassword}
            description={authText.passwordHint}
            autoComplete="new-password"
            required
            autoFocus
            {...form.getInputProps("password")}
          />
          <PasswordInput
            label={authText.confirmPassword}
            autoComplete="new-password"
            required
            {...form.getInputProps("confirmPassword")}
          />
          <Button type="submit" fullWidth loading={reset.isPending}>
            {authText.resetSubmit}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
