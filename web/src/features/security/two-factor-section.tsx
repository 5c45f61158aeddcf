import {
  Button,
  Code,
  Group,
  Image,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { renderSVG } from "uqr";
import { sessionQuery, useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { securityApi } from "./api.ts";
import { securityText } from "./text.ts";

const text = securityText.twoFactor;

export function TwoFactorSection() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refreshSession = () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });

  const start = useMutation({ mutationFn: securityApi.startEnrolment });
  const codeForm = useForm({ initialValues: { code: "" } });
  const confirm = useMutation({
    mutationFn: (code: string) => securityApi.confirmEnrolment(code.trim()),
    onSuccess: (result) => {
      setRecoveryCodes(result.recoveryCodes);
      start.reset();
      codeForm.reset();
    },
    onError: (error) => codeForm.setErrors(fieldErrorsOf(error)),
  });
  const disableForm = useForm({ initialValues: { password: "" } });
  const disable = useMutation({
    mutationFn: (password: string) => securityApi.disable(password),
    onSuccess: async () => {
      disableForm.reset();
      await refreshSession();
    },
    onError: (error) => disableForm.setErrors(fieldErrorsOf(error)),
  });

  if (recoveryCodes) {
    return (
      <Stack gap="sm">
        <Title order={3} size="h4">
          {text.recoveryTitle}
        </Title>
        <Text size="sm">{text.recoveryHint}</Text>
        <SimpleGrid cols={{ base: 2, xs: 5 }} spacing="xs" aria-label={text.recoveryTitle}>
          {recoveryCodes.map((code) => (
            <Code key={code} ta="center" p="xs">
              {code}
            </Code>
          ))}
        </SimpleGrid>
        <Group>
          <Button
            onClick={async () => {
              setRecoveryCodes(null);
              await refreshSession();
            }}
          >
            {text.done}
          </Button>
        </Group>
      </Stack>
    );
  }

  if (session.user.twoFactorEnabled) {
    return (
      <Stack gap="sm">
        <Title order={3} size="h4">
          {text.title}
        </Title>
        <FormAlert error={disable.error ? messageOf(disable.error) : null} success={text.on} />
        <form onSubmit={disableForm.onSubmit((v) => disable.mutate(v.password))} noValidate>
          <Group align="flex-end">
            <PasswordInput
              label={text.disablePassword}
              autoComplete="current-password"
              required
              {...disableForm.getInputProps("password")}
            />
            <Button type="submit" variant="default" color="red" loading={disable.isPending}>
              {text.disableSubmit}
            </Button>
          </Group>
        </form>
      </Stack>
    );
  }

  const enrolment = start.data;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {text.title}
      </Title>
      <FormAlert
        error={start.error ? messageOf(start.error) : null}
        success={disable.isSuccess ? text.disabled : null}
      />
      <Text size="sm">{session.workspace.requireTwoFactor ? text.required : text.off}</Text>
      {!enrolment ? (
        <Group>
          <Button onClick={() => start.mutate()} loading={start.isPending}>
            {text.start}
          </Button>
        </Group>
      ) : (
        <Stack gap="sm" maw={480}>
          <Text size="sm">{text.scan}</Text>
          <Image
            src={`data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(enrolment.otpauthUri))}`}
            alt={text.qrAlt}
            w={200}
            h={200}
          />
          <TextInput label={text.secret} value={enrolment.secret} readOnly ff="monospace" />
          <form onSubmit={codeForm.onSubmit((v) => confirm.mutate(v.code))} noValidate>
            <Group align="flex-start">
              <TextInput
                label={text.code}
                description={text.codeHint}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                {...codeForm.getInputProps("code")}
              />
              <Button type="submit" mt={44} loading={confirm.isPending}>
                {text.confirm}
              </Button>
            </Group>
          </form>
        </Stack>
      )}
    </Stack>
  );
}
