import { Paper } from "@mantine/core";
import { IconCurrencyDollar } from "@tabler/icons-react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { dealsText } from "./text.ts";

export function DealsPage() {
  return (
    <>
      <PageHeader title={dealsText.title} description={dealsText.description} />
      <Paper withBorder radius="md">
        <EmptyState
          icon={<IconCurrencyDollar size={32} stroke={1.5} />}
          title={dealsText.emptyTitle}
          description={dealsText.emptyBody}
        />
      </Paper>
    </>
  );
}
