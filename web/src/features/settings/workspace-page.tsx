import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type SessionDto, UpdateWorkspaceBody, type WorkspaceDto } from "@rapport/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionQuery, useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf, validateWith } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatDate } from "../../ui/format.ts";
import { settingsApi } from "./api.ts";
import { LifecycleStagesSection } from "./lifecycle-stages-section.tsx";
import { SectionHeader } from "./section-header.tsx";
import { settingsText } from "./text.ts";

const text = settingsText.workspace;

const formValues = (w: WorkspaceDto) => ({
  name: w.name,
  baseCurrency: w.baseCurrency,
  defaultCountry: w.defaultCountry ?? "",
});
// An empty country field clears the setting.
const toBody = (values: ReturnType<typeof formValues>) => ({
  ...values,
  defaultCountry: values.defaultCountry.trim() || null,
});

export function WorkspacePage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const canEdit = session.permissions.administer;
  const form = useForm({
    initialValues: formValues(session.workspace),
    validate: validateWith(UpdateWorkspaceBody, toBody),
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) => {
      const body = UpdateWorkspaceBody.parse(toBody(values));
      return settingsApi.updateWorkspace({
        name: body.name ?? values.name,
        baseCurrency: body.baseCurrency ?? values.baseCurrency,
        defaultCountry: body.defaultCountry ?? null,
      });
    },
    onSuccess: (workspace: WorkspaceDto) => {
      queryClient.setQueryData(sessionQuery.queryKey, (old: SessionDto | null | undefined) =>
        old
          ? {
              ...old,
              workspace,
              workspaces: old.workspaces.map((w) =>
                w.id === workspace.id ? { ...w, name: workspace.name } : w,
              ),
            }
          : old,
      );
      form.resetDirty(formValues(workspace));
      notifications.show({ color: "teal", title: settingsText.saved, message: text.saved });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });

  return (
    <>
      <SectionHeader title={settingsText.sections.workspace} description={text.description} />
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack maw={480}>
          <FormAlert error={save.error ? messageOf(save.error) : null} />
          <TextInput
            label={text.name}
            description={canEdit ? undefined : text.readOnly}
            required
            readOnly={!canEdit}
            disabled={!canEdit}
            {...form.getInputProps("name")}
          />
          <TextInput
            label={text.baseCurrency}
            description={text.baseCurrencyHint}
            maxLength={3}
            styles={{ input: { width: 160 } }}
            readOnly={!canEdit}
            disabled={!canEdit}
            {...form.getInputProps("baseCurrency")}
            onChange={(event) => form.setFieldValue("baseCurrency", event.currentTarget.value.toUpperCase())}
          />
          <TextInput
            label={text.defaultCountry}
            description={text.defaultCountryHint}
            maxLength={2}
            styles={{ input: { width: 160 } }}
            readOnly={!canEdit}
            disabled={!canEdit}
            {...form.getInputProps("defaultCountry")}
            onChange={(event) =>
              form.setFieldValue("defaultCountry", event.currentTarget.value.toUpperCase())
            }
          />
          <Text size="sm" c="dimmed">
            {text.created(formatDate(session.workspace.createdAt))}
          </Text>
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                {settingsText.save}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <LifecycleStagesSection />
    </>
  );
}
