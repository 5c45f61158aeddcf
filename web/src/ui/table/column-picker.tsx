import { ActionIcon, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from "@mantine/core";
import { IconChevronDown, IconChevronUp, IconColumns } from "@tabler/icons-react";
import { tableText } from "./text.ts";
import type { ColumnDef, ColumnLayout } from "./types.ts";

/** Shows or hides columns and moves them; the visible ones keep their order and widths. */
export function ColumnPicker<Row>({
  columns,
  layout,
  onChange,
}: {
  columns: readonly ColumnDef<Row>[];
  layout: readonly ColumnLayout[];
  onChange: (layout: ColumnLayout[]) => void;
}) {
  const shown = layout.filter((l) => columns.some((c) => c.key === l.key));
  const hidden = columns.filter((c) => !shown.some((l) => l.key === c.key));
  const labelOf = (key: string) => columns.find((c) => c.key === key)?.label ?? key;
  const move = (index: number, by: number) => {
    const next = [...shown];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };

  return (
    <Popover position="bottom-end" shadow="md" width={280} trapFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns size={16} />}>
          {tableText.columns}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="dimmed" mb="xs">
          {tableText.columnsHint}
        </Text>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4}>
            {shown.map((l, i) => (
              <Group key={l.key} justify="space-between" wrap="nowrap" gap={4}>
                <Checkbox
                  size="xs"
                  label={labelOf(l.key)}
                  checked
                  disabled={shown.length === 1}
                  onChange={() => onChange(shown.filter((x) => x.key !== l.key))}
                />
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={tableText.moveUp(labelOf(l.key))}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    <IconChevronUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={tableText.moveDown(labelOf(l.key))}
                    disabled={i === shown.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <IconChevronDown size={14} />
                  </ActionIcon>
                </Group>
              </Group>
            ))}
            {hidden.map((c) => (
              <Checkbox
                key={c.key}
                size="xs"
                label={c.label}
                checked={false}
                onChange={() => onChange([...shown, { key: c.key }])}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
