import { Alert, Button, Group, Modal, Popover, Stack } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import type { FieldSpec, Filter } from "@rapport/core";
import { IconFilter } from "@tabler/icons-react";
import { useState } from "react";
import { conditionIssues, FilterBuilder, type UserOption } from "../../ui/filter-builder/filter-builder.tsx";
import {
  type BuilderField,
  emptyDraft,
  fromFilter,
  isGroup,
  toFilter,
} from "../../ui/filter-builder/model.ts";
import { filterText } from "../../ui/filter-builder/text.ts";

const countConditions = (filter: Filter | null): number => {
  if (!filter) return 0;
  if ("field" in filter) return 1;
  if ("not" in filter) return countConditions(filter.not);
  return ("and" in filter ? filter.and : filter.or).reduce((n, f) => n + countConditions(f), 0);
};

/** The Filter button and its builder: a popover on wide screens, a full-screen dialog on phones. */
export function FilterPanel({
  filter,
  onApply,
  fields,
  users,
  fieldLabel,
}: {
  filter: Filter | null;
  onApply: (filter: Filter | null) => void;
  fields: readonly BuilderField[];
  users: readonly UserOption[];
  fieldLabel: (path: string) => string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 36em)");
  const [draft, setDraft] = useState(() => fromFilter(filter));
  const count = countConditions(filter);
  const resolve = (path: string): FieldSpec | undefined => fields.find((f) => f.path === path);
  const issues = draft ? conditionIssues(draft, fields) : new Map();
  const incomplete = draft?.items.some((item) => (isGroup(item) ? item.items.length === 0 : false)) ?? false;

  const toggle = () => {
    if (opened) close();
    else {
      setDraft(fromFilter(filter));
      open();
    }
  };
  const apply = () => {
    if (!draft) return;
    onApply(toFilter(draft, resolve));
    close();
  };

  const body = (
    <Stack gap="md">
      {draft ? (
        <FilterBuilder
          fields={fields}
          value={draft}
          onChange={setDraft}
          users={users}
          fieldLabel={fieldLabel}
        />
      ) : (
        <Alert color="blue">{filterText.advanced}</Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button
          variant="default"
          size="xs"
          onClick={() => {
            setDraft(emptyDraft());
            onApply(null);
            close();
          }}
        >
          {filterText.clear}
        </Button>
        <Button size="xs" onClick={apply} disabled={!draft || issues.size > 0 || incomplete}>
          {filterText.apply}
        </Button>
      </Group>
    </Stack>
  );

  const button = (
    <Button
      variant={count > 0 ? "light" : "default"}
      size="sm"
      leftSection={<IconFilter size={16} />}
      onClick={toggle}
      aria-expanded={opened}
    >
      {count > 0 ? filterText.filterCount(count) : filterText.filter}
    </Button>
  );

  if (phone) {
    return (
      <>
        {button}
        <Modal opened={opened} onClose={close} title={filterText.title} fullScreen>
          {body}
        </Modal>
      </>
    );
  }
  return (
    <Popover
      opened={opened}
      onChange={(o) => !o && close()}
      closeOnClickOutside={false}
      position="bottom-start"
      shadow="md"
      width={720}
      trapFocus
    >
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown>{body}</Popover.Dropdown>
    </Popover>
  );
}
