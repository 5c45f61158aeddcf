import { ActionIcon, Button, Menu } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconBuilding, IconChecklist, IconCurrencyDollar, IconPlus, IconUser } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import type { CreateKind } from "./quick-create.tsx";
import { recordText } from "./text.ts";

// The dialogs (forms, date pickers, record search) load only when first opened.
const QuickCreateDialog = lazy(() =>
  import("./quick-create.tsx").then((m) => ({ default: m.QuickCreateDialog })),
);

const ITEMS = [
  { kind: "contact", label: recordText.create.contact, icon: IconUser },
  { kind: "company", label: recordText.create.company, icon: IconBuilding },
  { kind: "deal", label: recordText.create.deal, icon: IconCurrencyDollar },
  { kind: "task", label: recordText.create.task, icon: IconChecklist },
] as const;

/** The app header's "New" menu: quick-create a contact, company, deal or task from anywhere. */
export function NewMenu() {
  const [open, setOpen] = useState<CreateKind | null>(null);
  const phone = useMediaQuery("(max-width: 35.99em)");
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={200}>
        <Menu.Target>
          {phone ? (
            <ActionIcon size="lg" aria-label={recordText.create.newMenu}>
              <IconPlus size={18} />
            </ActionIcon>
          ) : (
            <Button
              size="sm"
              leftSection={<IconPlus size={16} />}
              aria-label={recordText.create.newMenu}
              px="sm"
            >
              {recordText.create.new}
            </Button>
          )}
        </Menu.Target>
        <Menu.Dropdown>
          {ITEMS.map(({ kind, label, icon: Icon }) => (
            <Menu.Item key={kind} leftSection={<Icon size={16} />} onClick={() => setOpen(kind)}>
              {label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {open && (
        <Suspense fallback={null}>
          <QuickCreateDialog kind={open} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </>
  );
}
