import { Paper } from "@mantine/core";
import { IconAddressBook } from "@tabler/icons-react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { contactsText } from "./text.ts";

export function ContactsPage() {
  return (
    <>
      <PageHeader title={contactsText.title} description={contactsText.description} />
      <Paper withBorder radius="md">
        <EmptyState
          icon={<IconAddressBook size={32} stroke={1.5} />}
          title={contactsText.emptyTitle}
          description={contactsText.emptyBody}
        />
      </Paper>
    </>
  );
}
