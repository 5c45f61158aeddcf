import { ActionIcon, Group, Tooltip } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { ConfirmButton } from "./confirm-button.tsx";
import { uiText } from "./text.ts";

/** A table row's edit and delete buttons; delete asks first. */
export function RowActions({
  editLabel,
  onEdit,
  deleteLabel,
  deleteTitle,
  deleteMessage,
  onDelete,
}: {
  /** Names what is edited or deleted, for screen readers, such as `Edit tag VIP`. */
  editLabel: string;
  onEdit: () => void;
  deleteLabel: string;
  deleteTitle: string;
  deleteMessage: string;
  onDelete: () => Promise<unknown>;
}) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Tooltip label={uiText.edit} withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={editLabel}>
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
      <ConfirmButton
        aria-label={deleteLabel}
        title={deleteTitle}
        message={deleteMessage}
        confirmLabel={uiText.delete}
        onConfirm={onDelete}
        icon={<IconTrash size={16} />}
      >
        {uiText.delete}
      </ConfirmButton>
    </Group>
  );
}
