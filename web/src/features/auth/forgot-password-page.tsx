import { Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { PasswordResetRequestBody } from "@rapport/core";
import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { CopyField } from "../../ui/copy-field.tsx";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { authApi } from "./api.ts";
import { AuthCard } from "./auth-layout.tsx";
import { authText } from "./text.ts";

export function ForgotPasswordPage() {
  const form = useForm({ initialValues: { email: "" }, validate: validateWith(PasswordResetRequestBody) });
  const request = useMutation({
    mutationFn: async (values: typeof form.values) => {
      const { email } = PasswordResetRequestBody.parse(values);
      await authApi.requestPasswordReset(email);
      return email;
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const backLink = (
    <Anchor renderRoot={(props) => <Link to="/sign-in" {...props} />}>{authText.backToSignIn}</Anchor>
  );

  if (request.isSuccess) {
    return (
      <AuthCard title={authText.forgotDoneTitle} footer={backLink}>
        <Stack>
          <Text size="sm">{authText.forgotDone}</Text>
          <CopyField label={authText.forgotCommandLabel} value={authText.forgotCommand(request.data)} />
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={authText.forgotTitle} subtitle={authText.forgotSubtitle} footer={backLink}>
      <form onSubmit={form.onSubmit((values) => request.mutate(values))} noValidate>
        <Stack>
          <FormAlert error={request.error ? messageOf(request.error) : null} />
          <TextInput
            label={authText.email}
            type="email"
            autoComplete="email"
            required
            autoFocus
            {...form.getInputProps("email")}
          />
          <Button type="submit" fullWidth loading={request.isPending}>
            {authText.forgotSubmit}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
