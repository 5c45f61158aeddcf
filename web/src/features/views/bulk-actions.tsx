import { Button, Group, Menu, Modal, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { MAX_BATCH_SIZE, type PipelineDto, type ViewObject } from "@rapport/core";
import { IconChevronDown, IconTag, IconTagOff, IconTrash, IconUser, IconX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { messageOf } from "../../ui/form.ts";
import { tableText } from "../../ui/table/text.ts";
import { recordsApi, tagsQuery } from "./api.ts";
import { viewsText } from "./text.ts";

type Selected = { id: string; tags: string[] };
type Member = { value: string; label: string };

/**
 * Actions on the selected rows, each one batch request: assign owner, add or remove a tag,
 * change stage (deals), delete (after a confirmation).
 */
export function BulkActions({
  object,
  selected,
  ownerField,
  members,
  pipelines,
  onDone,
  onClear,
}: {
  object: ViewObject;
  selected: Selected[];
  ownerField: "ownerId" | "assigneeId";
  members: Member[];
  pipelines?: PipelineDto[] | undefined;
  onDone: () => void;
  onClear: () => void;
}) {
  const [tagDialog, tagDialogControls] = useDisclosure(false);
  const [lostStage, setLostStage] = useState<string | null>(null);
  const tooMany = selected.length > MAX_BATCH_SIZE;
  const tagsOnSelection = [...new Set(selected.flatMap((r) => r.tags))].sort();

  async function run(update: object[] | null, deleteIds?: string[]) {
    try {
      await recordsApi.batch(object, update ? { update } : { delete: deleteIds ?? [] });
      notifications.show({
        color: "green",
        message: update ? viewsText.bulkDone(selected.length) : viewsText.bulkDeleted(selected.length),
      });
      onDone();
    } catch (error) {
      notifications.show({ color: "red", title: viewsText.bulkFailed, message: messageOf(error) });
      throw error;
    }
  }
  const each = (patch: (r: Selected) => object) => run(selected.map((r) => ({ id: r.id, ...patch(r) })));

  return (
    <Paper withBorder radius="md" px="sm" py={6} mb="xs" bg="var(--mantine-primary-color-light)">
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {tableText.selected(selected.length)}
          </Text>
          <Button size="compact-sm" variant="subtle" leftSection={<IconX size={14} />} onClick={onClear}>
            {tableText.clearSelection}
          </Button>
        </Group>
        {tooMany ? (
          <Text size="sm" c="red.8">
            {viewsText.tooMany(MAX_BATCH_SIZE)}
          </Text>
        ) : (
          <Group gap={6} wrap="wrap">
            <Menu shadow="md" position="bottom-end">
              <Menu.Target>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconUser size={14} />}
                  rightSection={<IconChevronDown size={12} />}
                >
                  {viewsText.assignOwner}
                </Button>
              </Menu.Target>
              <Menu.Dropdown mah={320} style={{ overflowY: "auto" }}>
                {members.map((m) => (
                  <Menu.Item
                    key={m.value}
                    onClick={() => void each(() => ({ [ownerField]: m.value })).catch(() => {})}
                  >
                    {m.label}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item onClick={() => void each(() => ({ [ownerField]: null })).catch(() => {})}>
                  {viewsText.unassigned}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconTag size={14} />}
              onClick={tagDialogControls.open}
            >
              {viewsText.addTag}
            </Button>
            <Menu shadow="md" position="bottom-end">
              <Menu.Target>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconTagOff size={14} />}
                  rightSection={<IconChevronDown size={12} />}
                >
                  {viewsText.removeTag}
                </Button>
              </Menu.Target>
              <Menu.Dropdown mah={320} style={{ overflowY: "auto" }}>
                {tagsOnSelection.length === 0 && <Menu.Label>{viewsText.noTagsOnSelection}</Menu.Label>}
                {tagsOnSelection.map((tag) => (
                  <Menu.Item
                    key={tag}
                    onClick={() =>
                      void each((r) => ({
                        tags: r.tags.filter((t) => t.toLowerCase() !== tag.toLowerCase()),
                      })).catch(() => {})
                    }
                  >
                    {tag}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            {pipelines && (
              <Menu shadow="md" position="bottom-end">
                <Menu.Target>
                  <Button size="compact-sm" variant="default" rightSection={<IconChevronDown size={12} />}>
                    {viewsText.changeStage}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown mah={360} style={{ overflowY: "auto" }}>
                  {pipelines.map((p) => (
                    <div key={p.id}>
                      <Menu.Label>{p.name}</Menu.Label>
                      {p.stages.map((s) => (
                        <Menu.Item
                          key={s.id}
                          onClick={() =>
                            s.kind === "lost"
                              ? setLostStage(s.id)
                              : void each(() => ({ stageId: s.id })).catch(() => {})
                          }
                        >
                          {s.name}
                        </Menu.Item>
                      ))}
                    </div>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
            <ConfirmButton
              title={viewsText.deleteTitle(selected.length)}
              message={viewsText.deleteBody}
              confirmLabel={viewsText.delete}
              onConfirm={() =>
                run(
                  null,
                  selected.map((r) => r.id),
                )
              }
              buttonProps={{
                size: "compact-sm",
                color: "red",
                variant: "light",
                leftSection: <IconTrash size={14} />,
              }}
            >
              {viewsText.delete}
            </ConfirmButton>
          </Group>
        )}
      </Group>
      <AddTagDialog
        opened={tagDialog}
        onClose={tagDialogControls.close}
        onApply={(tag) => each((r) => ({ tags: [...r.tags, tag] }))}
      />
      <LostReasonDialog
        opened={lostStage !== null}
        onClose={() => setLostStage(null)}
        onApply={(reason) => each(() => ({ stageId: lostStage, lostReason: reason }))}
      />
    </Paper>
  );
}

function AddTagDialog({
  opened,
  onClose,
  onApply,
}: {
  opened: boolean;
  onClose: () => void;
  onApply: (tag: string) => Promise<unknown>;
}) {
  const tags = useQuery({ ...tagsQuery, enabled: opened });
  const [tag, setTag] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = tags.data?.map((t) => t.name) ?? [];
  const typed = search.trim();
  const data =
    typed && !names.some((n) => n.toLowerCase() === typed.toLowerCase()) ? [...names, typed] : names;
  const value = tag ?? (typed || null);

  async function apply() {
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      await onApply(value);
      setTag(null);
      setSearch("");
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={viewsText.addTag} size="sm">
      <Stack>
        <Select
          label={viewsText.tagName}
          placeholder={viewsText.tagPlaceholder}
          searchable
          data={data}
          value={tag}
          searchValue={search}
          onSearchChange={setSearch}
          onChange={setTag}
          error={error}
          data-autofocus
          onKeyDown={(e) => e.key === "Enter" && !tag && void apply()}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {viewsText.cancel}
          </Button>
          <Button onClick={apply} loading={busy} disabled={!value}>
            {viewsText.apply}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function LostReasonDialog({
  opened,
  onClose,
  onApply,
}: {
  opened: boolean;
  onClose: () => void;
  onApply: (reason: string) => Promise<unknown>;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={viewsText.lostReason} size="sm">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await onApply(reason);
            setReason("");
            onClose();
          } catch {
            // The notification says why; the dialog stays open to try again.
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack>
          <TextInput
            label={viewsText.lostReasonLabel}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {viewsText.cancel}
            </Button>
            <Button type="submit" loading={busy} disabled={!reason.trim()}>
              {viewsText.apply}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
