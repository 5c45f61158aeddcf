import {
  Button,
  ColorInput,
  ColorSwatch,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { CreateTagBody, can, type TagDto, UpdateTagBody } from "@rapport/core";
import { IconPlus, IconTag } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryView } from "../../ui/query-view.tsx";
import { RowActions } from "../../ui/row-actions.tsx";
import { SectionHeader } from "../settings/section-header.tsx";
import { crmSettingsApi, tagsQuery } from "./api.ts";
import { zodErrors } from "./errors.ts";
import { crmSettingsText } from "./text.ts";

const text = crmSettingsText.tags;
const SWATCHES = [
  "#868e96",
  "#fa5252",
  "#e64980",
  "#be4bdb",
  "#7950f2",
  "#4c6ef5",
  "#228be6",
  "#15aabf",
  "#12b886",
  "#40c057",
  "#82c91e",
  "#fab005",
  "#fd7e14",
];

export function TagsPage() {
  const { permissions } = useSession();
  // Members may add tags (records create them too); renaming, recolouring and deleting are for admins.
  const canAdd = can(permissions, "contacts", "update");
  const canEdit = permissions.administer;
  const queryClient = useQueryClient();
  const tags = useQuery(tagsQuery);
  const [editing, setEditing] = useState<TagDto | null>(null);

  async function remove(tag: TagDto) {
    await crmSettingsApi.deleteTag(tag.id);
    notifications.show({ color: "teal", title: crmSettingsText.saved, message: text.deleted(tag.name) });
    await queryClient.invalidateQueries({ queryKey: tagsQuery.queryKey });
  }

  return (
    <>
      <SectionHeader
        title={crmSettingsText.sections.tags}
        description={canEdit ? text.description : `${text.description} ${crmSettingsText.readOnly}`}
      />
      {canAdd && <TagForm tag={null} onDone={() => undefined} />}
      <QueryView
        query={tags}
        empty={
          <EmptyState
            icon={<IconTag size={32} stroke={1.5} />}
            title={text.emptyTitle}
            description={text.emptyBody}
          />
        }
      >
        {(items) => (
          <Table verticalSpacing="xs" mt="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{text.name}</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>{crmSettingsText.actions}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tag) => (
                <Table.Tr key={tag.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <ColorSwatch color={tag.color} size={16} aria-label={text.colorOf(tag.name)} />
                      <Text size="sm" fw={500}>
                        {tag.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <RowActions
                        editLabel={text.editLabel(tag.name)}
                        onEdit={() => setEditing(tag)}
                        deleteLabel={text.deleteLabel(tag.name)}
                        deleteTitle={text.deleteTitle}
                        deleteMessage={text.deleteMessage(tag.name)}
                        onDelete={() => remove(tag)}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={text.editTitle(editing?.name ?? "")}
        centered
      >
        {editing && <TagForm key={editing.id} tag={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

/** Adds a tag (no `tag`) or renames and recolours one. */
function TagForm({ tag, onDone }: { tag: TagDto | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(tag?.name ?? "");
  const [color, setColor] = useState(tag?.color ?? "#228be6");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { name, color };
    const local = zodErrors((tag ? UpdateTagBody : CreateTagBody).safeParse(body));
    if (!name.trim()) local.name = "Enter a name";
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (tag) await crmSettingsApi.updateTag(tag.id, body);
      else await crmSettingsApi.createTag(body);
      notifications.show({
        color: "teal",
        title: crmSettingsText.saved,
        message: tag ? text.saved(name.trim()) : text.created(name.trim()),
      });
      await queryClient.invalidateQueries({ queryKey: tagsQuery.queryKey });
      if (!tag) setName("");
      onDone();
    } catch (cause) {
      setErrors(fieldErrorsOf(cause) as Record<string, string>);
      setError(messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  const fields = (
    <>
      <TextInput
        label={text.name}
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          setErrors({});
        }}
        error={errors.name}
        maxLength={60}
        style={{ flex: "1 1 200px" }}
        data-autofocus
      />
      <ColorInput
        label={text.color}
        value={color}
        onChange={setColor}
        error={errors.color}
        swatches={SWATCHES}
        format="hex"
        w={150}
      />
    </>
  );
  return (
    <form onSubmit={submit} noValidate>
      {tag ? (
        <Stack>
          {fields}
          <FormAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {crmSettingsText.cancel}
            </Button>
            <Button type="submit" loading={busy}>
              {crmSettingsText.save}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Group align="flex-start" gap="sm" wrap="wrap">
            {fields}
            <Button type="submit" loading={busy} leftSection={<IconPlus size={16} />} mt={25}>
              {text.create}
            </Button>
          </Group>
          {error && Object.keys(errors).length === 0 && <FormAlert error={error} />}
        </Stack>
      )}
    </form>
  );
}
