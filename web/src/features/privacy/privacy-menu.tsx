import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { type ContactDto, ERASE_CONFIRMATION, type ErasureDto } from "@rapport/core";
import { IconDownload, IconEraser, IconShieldLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, apiDownload } from "../../app/api.ts";
import { useSession } from "../../app/session.ts";
import { messageOf } from "../../ui/form.ts";
import { privacyText as text } from "./text.ts";

/** A contact's data subject requests (GDPR): download everything held about them, or erase it. Admins only. */
export function PrivacyMenu({ contact }: { contact: ContactDto }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const [confirm, setConfirm] = useState("");
  const exportData = useMutation({
    mutationFn: () => apiDownload(`/contacts/${contact.id}/privacy-export`),
    onSuccess: (file) => notifications.show({ color: "green", message: text.exported(file) }),
    onError: (error) =>
      notifications.show({ color: "red", title: text.exportFailed, message: messageOf(error) }),
  });
  const erase = useMutation({
    mutationFn: () => api<ErasureDto>("POST", `/contacts/${contact.id}/erase`, { confirm: confirm.trim() }),
    onSuccess: async () => {
      dialog.close();
      setConfirm("");
      notifications.show({ color: "green", message: text.erased });
      await queryClient.invalidateQueries();
    },
  });
  if (!session.permissions.administer) return null;
  const typed = confirm.trim();
  const confirmed = typed === ERASE_CONFIRMATION || typed === contact.displayName.trim();

  return (
    <>
      <Menu position="bottom-end" shadow="md">
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconShieldLock size={14} />}
            aria-label={text.menuLabel}
            loading={exportData.isPending}
          >
            {text.menu}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconDownload size={14} />} onClick={() => exportData.mutate()}>
            {text.exportData}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconEraser size={14} />} onClick={dialog.open}>
            {text.eraseData}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={dialog.close} title={text.eraseTitle} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (confirmed) erase.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{text.eraseBody}</Text>
            {erase.isError && (
              <Alert color="red" title={text.eraseFailed}>
                {messageOf(erase.error)}
              </Alert>
            )}
            <TextInput
              label={text.confirmLabel(contact.displayName)}
              placeholder={text.confirmPlaceholder}
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={dialog.close}>
                {text.cancel}
              </Button>
              <Button type="submit" color="red" disabled={!confirmed} loading={erase.isPending}>
                {text.erase}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
