import { Button } from "@mantine/core";
import { can, type ImportObject } from "@rapport/core";
import { IconFileImport } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useSession } from "../../app/session.ts";
import { importsText } from "./text.ts";

/** A table's Import button (contacts, companies), for roles that may import into that object. */
export function ImportButton({ object }: { object: ImportObject }) {
  const { permissions } = useSession();
  if (!can(permissions, object, "import")) return null;
  return (
    <Button
      component={Link}
      to={`/${object}/import`}
      variant="default"
      leftSection={<IconFileImport size={16} />}
    >
      {importsText.open}
    </Button>
  );
}
