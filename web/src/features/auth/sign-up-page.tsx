import { Anchor, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { SignUpBody } from "@rapport/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useRouter } from "@tanstack/react-router";
import { startSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { authApi } from "./api.ts";
import { AuthCard } from "./auth-layout.tsx";
import { authText } from "./text.ts";

export function SignUpPage() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { workspaceName: "", name: "", email: "", password: "" },
    validate: validateWith(SignUpBody),
  });
  const signUp = useMutation({
    mutationFn: (values: typeof form.values) => authApi.signUp(SignUpBody.parse(values)),
    onSuccess: async (session) => {
      startSession(queryClient, session);
      await router.navigate({ to: "/contacts" });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  return (
    <AuthCard
      title={authText.signUpTitle}
      subtitle={authText.signUpSubtitle}
      footer={
        <>
          {authText.haveAccount}{" "}
          <Anchor renderRoot={(props) => <Link to="/sign-in" {...props} />}>{authText.signInLink}</Anchor>
        </>
      }
    >
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <Stack>
          <FormAlert error={signUp.error ? messageOf(signUp.error) : null} />
          <TextInput
            label={authText.workspaceName}
            description={authText.workspaceHint}
            autoComplete="organization"
            required
            autoFocus
            {...form.getInputProps("workspaceName")}
          />
          <TextInput label={authText.name} autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label={authText.email}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label={authText.password}
            description={authText.passwordHint}
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" fullWidth loading={signUp.isPending}>
            {authText.signUpSubmit}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
