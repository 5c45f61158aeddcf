import { ActionIcon, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { LifecycleStage, SessionDto, WorkspaceDto } from "@rapport/core";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { sessionQuery, useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { settingsApi } from "./api.ts";
import { settingsText } from "./text.ts";

const text = settingsText.workspace;
const lifecycleText = settingsText.lifecycle;

type Row = LifecycleStage & { isNew: boolean; rowId: number };

/** A key for a new stage, from its label: `Qualified lead` → `qualified_lead`, unique in the list. */
export function keyFor(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(?=[0-9])/, "stage_")
      .slice(0, 36) || "stage";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

/** Admins rename, reorder, add and remove the workspace's contact lifecycle stages. */
export function LifecycleStagesSection() {
  const session = useSession();
  const queryClient = useQueryClient();
  const canEdit = session.permissions.administer;
  const [nextRowId, setNextRowId] = useState(session.workspace.lifecycleStages.length);
  const fromWorkspace = (stages: LifecycleStage[]): Row[] =>
    stages.map((s, i) => ({ ...s, isNew: false, rowId: i }));
  const [rows, setRows] = useState<Row[]>(() => fromWorkspace(session.workspace.lifecycleStages));
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});

  // New stages get their key from their label when saved; existing ones keep theirs.
  const withKeys = (list: Row[]): LifecycleStage[] => {
    const taken = new Set(list.filter((r) => !r.isNew).map((r) => r.key));
    return list.map((r) => {
      if (!r.isNew) return { key: r.key, label: r.label };
      const key = keyFor(r.label, taken);
      taken.add(key);
      return { key, label: r.label };
    });
  };
  const previewKeys = withKeys(rows);

  const save = useMutation({
    mutationFn: () => settingsApi.updateWorkspace({ lifecycleStages: withKeys(rows) }),
    onSuccess: (workspace: WorkspaceDto) => {
      queryClient.setQueryData(sessionQuery.queryKey, (old: SessionDto | null | undefined) =>
        old ? { ...old, workspace } : old,
      );
      setRows(fromWorkspace(workspace.lifecycleStages));
      setNextRowId(workspace.lifecycleStages.length);
      setErrors({});
      notifications.show({ color: "teal", title: settingsText.saved, message: lifecycleText.saved });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  const update = (index: number, change: Partial<Row>) =>
    setRows((list) => list.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((list) => {
      const next = [...list];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
  const errorAt = (index: number) =>
    errors[`lifecycleStages[${index}].label`] ?? errors[`lifecycleStages[${index}].key`];
  const dirty = JSON.stringify(withKeys(rows)) !== JSON.stringify(session.workspace.lifecycleStages);

  return (
    <Stack maw={560} mt="xl" component="section" aria-labelledby="lifecycle-stages-title">
      <div>
        <Title order={3} size="h4" id="lifecycle-stages-title">
          {lifecycleText.title}
        </Title>
        <Text size="sm" c="dimmed">
          {lifecycleText.description}
        </Text>
      </div>
      <FormAlert error={save.error ? messageOf(save.error) : null} />
      <Stack gap="xs">
        {rows.map((row, index) => (
          <Group key={row.rowId} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              style={{ flex: 1 }}
              aria-label={lifecycleText.label(index + 1)}
              value={row.label}
              readOnly={!canEdit}
              disabled={!canEdit}
              error={errorAt(index)}
              description={
                row.isNew
                  ? lifecycleText.newKey(row.label.trim() ? previewKeys[index]!.key : "")
                  : lifecycleText.key(row.key)
              }
              inputWrapperOrder={["label", "input", "description", "error"]}
              onChange={(event) => update(index, { label: event.currentTarget.value })}
            />
            {canEdit && (
              <Group gap={4} wrap="nowrap" mt={4}>
                <ActionIcon
                  variant="subtle"
                  aria-label={lifecycleText.moveUp(row.label)}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={lifecycleText.moveDown(row.label)}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={lifecycleText.remove(row.label)}
                  disabled={rows.length === 1}
                  onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            )}
          </Group>
        ))}
      </Stack>
      {canEdit && (
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => {
              setRows((list) => [...list, { key: "", label: "", isNew: true, rowId: nextRowId }]);
              setNextRowId((n) => n + 1);
            }}
          >
            {lifecycleText.add}
          </Button>
          <Button loading={save.isPending} disabled={!dirty} onClick={() => save.mutate()}>
            {settingsText.save}
          </Button>
        </Group>
      )}
      {!canEdit && (
        <Text size="sm" c="dimmed">
          {text.readOnly}
        </Text>
      )}
    </Stack>
  );
}
