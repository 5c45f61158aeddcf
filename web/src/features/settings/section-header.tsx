import { Group, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function SectionHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: string;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="sm">
      <div style={{ flex: 1, minWidth: 200 }}>
        <Title order={3} fz="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          {description}
        </Text>
      </div>
      {actions}
    </Group>
  );
}
