import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { SessionDto, TwoFactorChallengeDto } from "@rapport/core";
import { useMutation } from "@tanstack/react-query";
import { ApiError } from "../../app/api.ts";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { authApi } from "./api.ts";
import { authText } from "./text.ts";

/** The second step of signing in to an account with two-factor sign-in: a code or recovery code. */
export function TwoFactorStep({
  challenge,
  onSession,
}: {
  challenge: TwoFactorChallengeDto;
  onSession: (session: SessionDto) => Promise<void> | void;
}) {
  const form = useForm({ initialValues: { code: "" } });
  const verify = useMutation({
    mutationFn: (code: string) => authApi.signInTwoFactor({ pendingToken: challenge.pendingToken, code }),
    onSuccess: onSession,
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  let error = verify.error ? messageOf(verify.error) : null;
  if (verify.error instanceof ApiError && verify.error.status === 429 && verify.error.retryAfter) {
    error = `${error} ${authText.tryAgainIn(verify.error.retryAfter)}`;
  }
  return (
    <form onSubmit={form.onSubmit((values) => verify.mutate(values.code.trim()))} noValidate>
      <Stack>
        <FormAlert error={error} />
        <Text size="sm">{authText.twoFactorPrompt}</Text>
        <TextInput
          label={authText.twoFactorCode}
          autoComplete="one-time-code"
          required
          autoFocus
          {...form.getInputProps("code")}
        />
        <Button type="submit" fullWidth loading={verify.isPending}>
          {authText.twoFactorSubmit}
        </Button>
      </Stack>
    </form>
  );
}
