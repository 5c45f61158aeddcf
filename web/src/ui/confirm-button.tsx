import { ActionIcon, Button, type ButtonProps, Group, Modal, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type ReactNode, useState } from "react";
import { messageOf } from "./form.ts";
import { uiText } from "./text.ts";

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  buttonProps,
  icon,
  "aria-label": ariaLabel,
}: {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  buttonProps?: ButtonProps;
  /** Render as an icon button (tight table rows); `children` becomes its tooltip. */
  icon?: ReactNode;
  "aria-label"?: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {icon ? (
        <Tooltip label={children} withArrow>
          <ActionIcon color="red" variant="subtle" onClick={open} aria-label={ariaLabel}>
            {icon}
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button color="red" variant="subtle" size="xs" {...buttonProps} onClick={open} aria-label={ariaLabel}>
          {children}
        </Button>
      )}
      <Modal opened={opened} onClose={close} title={title} centered>
        <Text size="sm">{message}</Text>
        {error && (
          <Text size="sm" c="red.8" mt="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close} disabled={busy}>
            {uiText.cancel}
          </Button>
          <Button color="red" onClick={confirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
