import { Paper } from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { tasksText } from "./text.ts";

export function TasksPage() {
  return (
    <>
      <PageHeader title={tasksText.title} description={tasksText.description} />
      <Paper withBorder radius="md">
        <EmptyState
          icon={<IconChecklist size={32} stroke={1.5} />}
          title={tasksText.emptyTitle}
          description={tasksText.emptyBody}
        />
      </Paper>
    </>
  );
}
