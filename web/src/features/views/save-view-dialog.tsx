import { Button, Checkbox, Group, Modal, Radio, Stack, TextInput } from "@mantine/core";
import { type CreateViewBody, canWriteAny, type ViewVisibility } from "@rapport/core";
import { useState } from "react";
import { useSession } from "../../app/session.ts";
import { fieldErrorsOf, messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { viewsText } from "./text.ts";

type Draft = Pick<CreateViewBody, "name" | "visibility" | "isDefault">;

/** Names a new view and says who sees it. */
export function SaveViewDialog({
  opened,
  onClose,
  onSave,
}: {
  opened: boolean;
  onClose: () => void;
  onSave: (draft: Draft) => Promise<unknown>;
}) {
  const session = useSession();
  const canShare = canWriteAny(session.permissions);
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<ViewVisibility>("personal");
  const [isDefault, setIsDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = fieldErrorsOf(error);

  return (
    <Modal opened={opened} onClose={onClose} title={viewsText.saveView} size="md">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await onSave({ name, visibility, isDefault });
            setName("");
            onClose();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack>
          <FormAlert error={error !== null && !fieldErrors.name ? messageOf(error) : null} />
          <TextInput
            label={viewsText.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors.name}
            required
            data-autofocus
            maxLength={100}
          />
          <Radio.Group
            label={viewsText.visibility}
            value={visibility}
            onChange={(v) => setVisibility(v === "shared" ? "shared" : "personal")}
            description={canShare ? undefined : viewsText.sharedNeedsMember}
          >
            <Stack gap={6} mt={6}>
              <Radio value="personal" label={viewsText.personal} />
              <Radio value="shared" label={viewsText.shared} disabled={!canShare} />
            </Stack>
          </Radio.Group>
          <Checkbox
            label={viewsText.makeDefault}
            checked={isDefault}
            onChange={(e) => setIsDefault(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {viewsText.cancel}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              {viewsText.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
