import { Alert } from "@mantine/core";
import { IconAlertCircle, IconCircleCheck } from "@tabler/icons-react";

/** The sentence explaining why a form was refused, or that it worked. */
export function FormAlert({ error, success }: { error?: string | null; success?: string | null }) {
  if (error) {
    return (
      <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
        {error}
      </Alert>
    );
  }
  if (success) {
    return (
      <Alert color="teal" icon={<IconCircleCheck size={18} />} role="status">
        {success}
      </Alert>
    );
  }
  return null;
}
