import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  CreatePipelineBody,
  type PipelineDto,
  STAGE_KINDS,
  type StageKind,
  UpdatePipelineBody,
} from "@rapport/core";
import {
  IconArrowDown,
  IconArrowUp,
  IconGripVertical,
  IconLayoutKanban,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryView } from "../../ui/query-view.tsx";
import { SectionHeader } from "../settings/section-header.tsx";
import { crmSettingsApi, pipelinesQuery } from "./api.ts";
import { zodErrors } from "./errors.ts";
import { crmSettingsText } from "./text.ts";

const text = crmSettingsText.pipelines;
type Errors = Record<string, string>;

async function refresh(queryClient: ReturnType<typeof useQueryClient>) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: pipelinesQuery.queryKey }),
    queryClient.invalidateQueries({ queryKey: ["deals"] }),
  ]);
}

export function PipelinesPage() {
  const { permissions } = useSession();
  const canEdit = permissions.administer;
  const pipelines = useQuery(pipelinesQuery);
  const [opened, { open, close }] = useDisclosure(false);

  return (
    <>
      <SectionHeader
        title={crmSettingsText.sections.pipelines}
        description={canEdit ? text.description : `${text.description} ${crmSettingsText.readOnly}`}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              {text.create}
            </Button>
          )
        }
      />
      <QueryView
        query={pipelines}
        empty={
          <EmptyState
            icon={<IconLayoutKanban size={32} stroke={1.5} />}
            title={text.create}
            description={text.createHint}
          />
        }
      >
        {(items) => (
          <Stack gap="lg">
            {items.map((pipeline) => (
              <PipelineEditor
                key={`${pipeline.id}:${pipeline.updatedAt}`}
                pipeline={pipeline}
                canEdit={canEdit}
              />
            ))}
          </Stack>
        )}
      </QueryView>
      <CreatePipelineModal opened={opened} onClose={close} />
    </>
  );
}

type Row = { key: string; id?: string; name: string; kind: StageKind; probability: number | string };
type Removed = { id: string; name: string; kind: StageKind; moveTo: string | null };

let nextKey = 0;
const newKey = () => `new-${++nextKey}`;

function PipelineEditor({ pipeline, canEdit }: { pipeline: PipelineDto; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(pipeline.name);
  const [rows, setRows] = useState<Row[]>(() =>
    pipeline.stages.map((s) => ({
      key: s.id,
      id: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
    })),
  );
  const [removed, setRemoved] = useState<Removed[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function update(key: string, change: Partial<Row>) {
    const index = rows.findIndex((r) => r.key === key);
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...change } : r)));
    // The row's errors are out of date once it is edited.
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith(`stages[${index}]`))),
    );
  }
  const move = (from: number, to: number) => setRows((current) => arrayMove(current, from, to));
  function remove(row: Row) {
    setRows((current) => current.filter((r) => r.key !== row.key));
    if (row.id) {
      const original = pipeline.stages.find((s) => s.id === row.id)!;
      setRemoved((current) => [
        ...current,
        { id: row.id!, name: original.name, kind: original.kind, moveTo: null },
      ]);
    }
  }
  function keep(stage: Removed) {
    const original = pipeline.stages.find((s) => s.id === stage.id)!;
    setRemoved((current) => current.filter((r) => r.id !== stage.id));
    setRows((current) => [
      ...current,
      {
        key: original.id,
        id: original.id,
        name: original.name,
        kind: original.kind,
        probability: original.probability,
      },
    ]);
  }
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    move(
      rows.findIndex((r) => r.key === active.id),
      rows.findIndex((r) => r.key === over.id),
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const moveDealsTo = Object.fromEntries(removed.flatMap((r) => (r.moveTo ? [[r.id, r.moveTo]] : [])));
    const body = {
      name,
      stages: rows.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        name: r.name,
        kind: r.kind,
        ...(r.kind === "open" && r.probability !== "" ? { probability: Number(r.probability) } : {}),
      })),
      ...(Object.keys(moveDealsTo).length > 0 ? { moveDealsTo } : {}),
    };
    const local = zodErrors(UpdatePipelineBody.safeParse(body));
    rows.forEach((r, i) => {
      if (r.kind === "open" && r.probability === "")
        local[`stages[${i}].probability`] = "Give an open stage a probability";
    });
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await crmSettingsApi.updatePipeline(pipeline.id, body);
      notifications.show({ color: "teal", title: crmSettingsText.saved, message: text.saved(name) });
      await refresh(queryClient);
    } catch (cause) {
      const beside = fieldErrorsOf(cause) as Errors;
      setErrors(beside);
      // Errors about fields are shown beside them; the alert is for anything else.
      const paths = Object.keys(beside);
      const shown = (path: string) =>
        path === "name" ||
        path === "stages" ||
        /^stages\[\d+\]\.(name|kind|probability)$/.test(path) ||
        removed.some((r) => path === `moveDealsTo.${r.id}`);
      setError(paths.length > 0 && paths.every(shown) ? null : messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  async function makeDefault() {
    try {
      await crmSettingsApi.updatePipeline(pipeline.id, { isDefault: true });
      notifications.show({
        color: "teal",
        title: crmSettingsText.saved,
        message: text.madeDefault(pipeline.name),
      });
      await refresh(queryClient);
    } catch (cause) {
      setError(messageOf(cause));
    }
  }

  async function deletePipeline() {
    await crmSettingsApi.deletePipeline(pipeline.id);
    notifications.show({ color: "teal", title: crmSettingsText.saved, message: text.deleted(pipeline.name) });
    await refresh(queryClient);
  }

  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: "sm", sm: "md" }}
      component="section"
      aria-label={text.pipelineOf(pipeline.name)}
    >
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <TextInput
              label={text.pipelineName}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              readOnly={!canEdit}
              style={{ flex: "1 1 220px" }}
              maw={360}
            />
            <Group gap="xs">
              {pipeline.isDefault ? (
                <Badge variant="light">{text.isDefault}</Badge>
              ) : (
                canEdit && (
                  <Button variant="default" size="xs" onClick={makeDefault}>
                    {text.makeDefault}
                  </Button>
                )
              )}
              {canEdit && !pipeline.isDefault && (
                <ConfirmButton
                  aria-label={text.deleteLabel(pipeline.name)}
                  title={text.deletePipeline}
                  message={text.deleteMessage(pipeline.name)}
                  confirmLabel={crmSettingsText.delete}
                  onConfirm={deletePipeline}
                >
                  {text.deletePipeline}
                </ConfirmButton>
              )}
            </Group>
          </Group>

          <div>
            <Title order={4} fz="sm">
              {text.stages}
            </Title>
            {canEdit && (
              <Text size="xs" c="dimmed">
                {text.stagesHint}
              </Text>
            )}
          </div>
          {errors.stages && (
            <Text size="sm" c="red.8" role="alert">
              {errors.stages}
            </Text>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{
              screenReaderInstructions: { draggable: text.stageDndInstructions },
              announcements: {
                onDragStart: ({ active }) =>
                  text.announceStage(rowName(rows, active.id), position(rows, active.id)),
                onDragOver: ({ active, over }) =>
                  text.announceStage(rowName(rows, active.id), position(rows, over?.id ?? active.id)),
                onDragEnd: ({ active, over }) =>
                  text.announceStage(rowName(rows, active.id), position(rows, over?.id ?? active.id)),
                onDragCancel: ({ active }) =>
                  text.announceStage(rowName(rows, active.id), position(rows, active.id)),
              },
            }}
          >
            <SortableContext items={rows.map((r) => r.key)} strategy={verticalListSortingStrategy}>
              <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: "none" }}>
                {rows.map((row, i) => (
                  <StageRow
                    key={row.key}
                    row={row}
                    index={i}
                    count={rows.length}
                    errors={errors}
                    canEdit={canEdit}
                    onChange={(change) => update(row.key, change)}
                    onMove={(to) => move(i, to)}
                    onRemove={() => remove(row)}
                  />
                ))}
              </Stack>
            </SortableContext>
          </DndContext>

          {removed.length > 0 && (
            <Stack gap="xs">
              <div>
                <Title order={4} fz="sm">
                  {text.removed}
                </Title>
                <Text size="xs" c="dimmed">
                  {text.removedHint}
                </Text>
              </div>
              {removed.map((stage) => (
                <Group key={stage.id} gap="xs" align="flex-end" wrap="wrap">
                  <Select
                    label={text.moveDealsTo(stage.name)}
                    placeholder={text.noMove}
                    data={rows
                      .filter((r) => r.id && r.kind === stage.kind)
                      .map((r) => ({ value: r.id!, label: r.name }))}
                    value={stage.moveTo}
                    onChange={(value) =>
                      setRemoved((current) =>
                        current.map((r) => (r.id === stage.id ? { ...r, moveTo: value } : r)),
                      )
                    }
                    error={errors[`moveDealsTo.${stage.id}`]}
                    clearable
                    style={{ flex: "1 1 220px" }}
                  />
                  <Button variant="subtle" size="sm" onClick={() => keep(stage)}>
                    {text.undoRemove}
                  </Button>
                </Group>
              ))}
            </Stack>
          )}

          <FormAlert error={error} />
          {canEdit && (
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={() =>
                  setRows((current) => {
                    // New open stages go before the won and lost ones.
                    const at = current.findIndex((r) => r.kind !== "open");
                    const row: Row = { key: newKey(), name: "", kind: "open", probability: 50 };
                    return at < 0 ? [...current, row] : [...current.slice(0, at), row, ...current.slice(at)];
                  })
                }
              >
                {text.addStage}
              </Button>
              <Button type="submit" loading={busy}>
                {crmSettingsText.save}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

const rowName = (rows: Row[], id: string | number) => rows.find((r) => r.key === id)?.name ?? "";
const position = (rows: Row[], id: string | number) => rows.findIndex((r) => r.key === id) + 1;

function StageRow({
  row,
  index,
  count,
  errors,
  canEdit,
  onChange,
  onMove,
  onRemove,
}: {
  row: Row;
  index: number;
  count: number;
  errors: Errors;
  canEdit: boolean;
  onChange: (change: Partial<Row>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: row.key,
      disabled: !canEdit,
    });
  const n = index + 1;
  const at = `stages[${index}]`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}
      data-testid="stage-row"
    >
      <Paper withBorder radius="sm" p="xs">
        <Group gap={6} align="flex-start" wrap="wrap">
          <Group gap={6} align="flex-start" wrap="nowrap" style={{ flex: "1 1 220px" }}>
            {canEdit && (
              <ActionIcon
                ref={setActivatorNodeRef}
                variant="subtle"
                color="gray"
                mt={4}
                style={{ cursor: "grab", touchAction: "none" }}
                {...attributes}
                {...listeners}
                aria-label={crmSettingsText.pipelines.dragStage(row.name)}
              >
                <IconGripVertical size={16} />
              </ActionIcon>
            )}
            <TextInput
              aria-label={text.stageName(n)}
              placeholder={text.newStage}
              value={row.name}
              onChange={(e) => onChange({ name: e.currentTarget.value })}
              error={errors[`${at}.name`]}
              readOnly={!canEdit}
              style={{ flex: 1 }}
            />
          </Group>
          <Group gap={6} align="flex-start" wrap="nowrap">
            <Select
              aria-label={text.stageKind(n)}
              data={STAGE_KINDS.map((kind) => ({ value: kind, label: text.kinds[kind] }))}
              value={row.kind}
              onChange={(kind) =>
                kind &&
                onChange({
                  kind: kind as StageKind,
                  probability:
                    kind === "won" ? 100 : kind === "lost" ? 0 : row.kind === "open" ? row.probability : 50,
                })
              }
              error={errors[`${at}.kind`]}
              readOnly={!canEdit}
              allowDeselect={false}
              w={{ base: 88, sm: 100 }}
            />
            <NumberInput
              aria-label={text.stageProbability(n)}
              value={row.probability}
              onChange={(value) => onChange({ probability: value })}
              error={errors[`${at}.probability`]}
              min={0}
              max={100}
              suffix="%"
              allowDecimal={false}
              hideControls
              readOnly={!canEdit || row.kind !== "open"}
              disabled={row.kind !== "open"}
              w={{ base: 68, sm: 80 }}
            />
            {canEdit && (
              <Group gap={0} wrap="nowrap" mt={4}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => onMove(index - 1)}
                  disabled={index === 0}
                  aria-label={text.moveUp(row.name)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => onMove(index + 1)}
                  disabled={index === count - 1}
                  aria-label={text.moveDown(row.name)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={onRemove}
                  aria-label={text.removeStage(row.name)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            )}
          </Group>
        </Group>
      </Paper>
    </li>
  );
}

function CreatePipelineModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: CreatePipelineBody = {
      name,
      stages: [
        { name: text.starterStages.open, probability: 10 },
        { name: text.starterStages.won, kind: "won" },
        { name: text.starterStages.lost, kind: "lost" },
      ],
    };
    const local = zodErrors(CreatePipelineBody.safeParse(body));
    setNameError(local.name ?? null);
    setError(null);
    if (local.name) return;
    setBusy(true);
    try {
      const created = await crmSettingsApi.createPipeline(body);
      notifications.show({
        color: "teal",
        title: crmSettingsText.saved,
        message: text.created(created.name),
      });
      await refresh(queryClient);
      setName("");
      onClose();
    } catch (cause) {
      const beside = fieldErrorsOf(cause).name?.toString() ?? null;
      setNameError(beside);
      setError(beside ? null : messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={text.createTitle} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={text.pipelineName}
            description={text.createHint}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            required
            data-autofocus
          />
          <FormAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {crmSettingsText.cancel}
            </Button>
            <Button type="submit" loading={busy}>
              {text.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
