import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type SessionDto, UpdateProfileBody } from "@rapport/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionQuery, useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { settingsApi } from "./api.ts";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.profile;

export function ProfilePage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: session.user.name },
    validate: validateWith(UpdateProfileBody),
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      settingsApi.updateProfile(UpdateProfileBody.parse(values).name),
    onSuccess: (user) => {
      queryClient.setQueryData(sessionQuery.queryKey, (old: SessionDto | null | undefined) =>
        old ? { ...old, user } : old,
      );
      form.resetDirty({ name: user.name });
      notifications.show({ color: "teal", title: settingsText.saved, message: text.saved });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  return (
    <>
      <SectionHeader title={settingsText.sections.profile} description={text.description} />
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack maw={480}>
          <FormAlert error={save.error ? messageOf(save.error) : null} />
          <TextInput label={text.name} autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label={text.email}
            description={text.emailHint}
            value={session.user.email}
            readOnly
            variant="filled"
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              {settingsText.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
