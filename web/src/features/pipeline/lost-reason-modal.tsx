import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { uiText } from "../../ui/text.ts";
import { pipelineText as text } from "./text.ts";

/** Asks why a deal was lost before it moves to a lost stage; cancelling leaves it where it was. */
export function LostReasonModal({
  dealName,
  onCancel,
  onConfirm,
}: {
  dealName: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (dealName !== null) {
      setReason("");
      setError(null);
    }
  }, [dealName]);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setError(text.lostReasonRequired);
      return;
    }
    onConfirm(trimmed);
  }

  return (
    <Modal opened={dealName !== null} onClose={onCancel} title={text.lostTitle(dealName ?? "")} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Textarea
            label={text.lostReason}
            description={text.lostReasonHint}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {uiText.cancel}
            </Button>
            <Button type="submit" color="red">
              {text.markLost}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
