import { Button } from "@mantine/core";
import { can } from "@rapport/core";
import { IconFileImport } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useSession } from "../../app/session.ts";
import { importsText } from "./text.ts";

/** The contacts table's Import button, for roles that may import contacts. */
export function ImportButton() {
  const { permissions } = useSession();
  if (!can(permissions, "contacts", "import")) return null;
  return (
    <Button
      component={Link}
      to="/contacts/import"
      variant="default"
      leftSection={<IconFileImport size={16} />}
    >
      {importsText.open}
    </Button>
  );
}
