import { Paper } from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { reportsText } from "./text.ts";

export function ReportsPage() {
  return (
    <>
      <PageHeader title={reportsText.title} description={reportsText.description} />
      <Paper withBorder radius="md">
        <EmptyState
          icon={<IconChartBar size={32} stroke={1.5} />}
          title={reportsText.emptyTitle}
          description={reportsText.emptyBody}
        />
      </Paper>
    </>
  );
}
