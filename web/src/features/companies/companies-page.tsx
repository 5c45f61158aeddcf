import { Paper } from "@mantine/core";
import { IconBuilding } from "@tabler/icons-react";
import { EmptyState } from "../../ui/empty-state.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { companiesText } from "./text.ts";

export function CompaniesPage() {
  return (
    <>
      <PageHeader title={companiesText.title} description={companiesText.description} />
      <Paper withBorder radius="md">
        <EmptyState
          icon={<IconBuilding size={32} stroke={1.5} />}
          title={companiesText.emptyTitle}
          description={companiesText.emptyBody}
        />
      </Paper>
    </>
  );
}
