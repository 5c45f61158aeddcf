import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { ChangePasswordBody } from "@rapport/core";
import { useMutation } from "@tanstack/react-query";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { confirmationErrors } from "../auth/password-confirmation.ts";
import { authText } from "../auth/text.ts";
import { settingsApi } from "./api.ts";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.password;
const validateBody = validateWith(
  ChangePasswordBody,
  (values: { currentPassword: string; newPassword: string }) => ({
    currentPassword: values.currentPassword,
    newPassword: values.newPassword,
  }),
);

export function PasswordPage() {
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    validate: (values) => ({
      ...validateBody(values),
      ...confirmationErrors(values.newPassword, values.confirmPassword),
    }),
  });
  const change = useMutation({
    mutationFn: (values: typeof form.values) =>
      settingsApi.changePassword(
        ChangePasswordBody.parse({
          currentPassword: values.currentPassword,
          newPassword: values.newPassword,
        }),
      ),
    onSuccess: () => form.reset(),
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  return (
    <>
      <SectionHeader title={settingsText.sections.password} description={text.description} />
      <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
        <Stack maw={480}>
          <FormAlert
            error={change.error ? messageOf(change.error) : null}
            success={change.isSuccess ? text.saved : null}
          />
          <PasswordInput
            label={text.current}
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
          />
          <PasswordInput
            label={text.next}
            description={authText.passwordHint}
            autoComplete="new-password"
            required
            {...form.getInputProps("newPassword")}
          />
          <PasswordInput
            label={text.confirm}
            autoComplete="new-password"
            required
            {...form.getInputProps("confirmPassword")}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {text.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
