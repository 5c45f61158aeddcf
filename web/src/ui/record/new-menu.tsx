import { ActionIcon, Button, Menu } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconBuilding, IconChecklist, IconCurrencyDollar, IconPlus, IconUser } from "@tabler/icons-react";
import { lazy, Suspense } from "react";
import type { CreateKind } from "./quick-create.tsx";
import { recordText } from "./text.ts";

// The dialogs (forms, date pickers, record search) load only when first opened.
const QuickCreateDialog = lazy(() =>
  import("./quick-create.tsx").then((m) => ({ default: m.QuickCreateDialog })),
);

/** What can be quick-created, for the New menu and the command palette. */
export const CREATE_ITEMS = [
  { kind: "contact", label: recordText.create.contact, icon: IconUser },
  { kind: "company", label: recordText.create.company, icon: IconBuilding },
  { kind: "deal", label: recordText.create.deal, icon: IconCurrencyDollar },
  { kind: "task", label: recordText.create.task, icon: IconChecklist },
] as const;

/** The app header's "New" menu: chooses a contact, company, deal or task to quick-create. */
export function NewMenu({ onChoose }: { onChoose: (kind: CreateKind) => void }) {
  const phone = useMediaQuery("(max-width: 35.99em)");
  return (
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
        {CREATE_ITEMS.map(({ kind, label, icon: Icon }) => (
          <Menu.Item key={kind} leftSection={<Icon size={16} />} onClick={() => onChoose(kind)}>
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The quick-create dialog for one kind of record, loaded on first use. */
export function QuickCreate({ kind, onClose }: { kind: CreateKind; onClose: () => void }) {
  return (
    <Suspense fallback={null}>
      <QuickCreateDialog kind={kind} onClose={onClose} />
    </Suspense>
  );
}
