import { Anchor, Box, Button, Grid, Group, Paper, Stack, Tabs, Text, ThemeIcon, Title } from "@mantine/core";
import { can } from "@rapport/core";
import { IconArrowLeft, IconChecklist, IconNote, IconPhone } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type ReactNode, useRef, useState } from "react";
import { ApiError } from "../../app/api.ts";
import { useSession } from "../../app/session.ts";
import { ShareButton } from "../../features/sharing/share-button.tsx";
import { EmptyState } from "../empty-state.tsx";
import { messageOf } from "../form.ts";
import { PageLoader } from "../page.tsx";
import { customFieldsQuery, type RecordDtoOf, type RecordObject, recordQuery } from "./api.ts";
import { Composer, type ComposerTab } from "./composer.tsx";
import { FieldPanel, type FieldSection } from "./field-panel.tsx";
import { customFieldSpecs, type FieldSpec } from "./fields.ts";
import { FieldHistory } from "./history.tsx";
import { recordText } from "./text.ts";
import { Timeline } from "./timeline.tsx";

/** What a record page shows of its record; the layout around it is shared. */
export type RecordView<R> = {
  title: (record: R) => string;
  /** Key facts under the title. */
  facts: (record: R) => ReactNode;
  builtIn: FieldSpec<R>[];
  related: (record: R) => ReactNode;
  /** More actions in the header, shown whatever the role (each decides who sees it). */
  actions?: (record: R) => ReactNode;
};

const LIST = {
  contacts: { to: "/contacts", label: "contacts" },
  companies: { to: "/companies", label: "companies" },
  deals: { to: "/deals", label: "deals" },
} as const;

/** A record page: header with key facts and quick actions, fields, related records, timeline and history. */
export function RecordPage<O extends RecordObject>({
  object,
  id,
  noun,
  icon,
  view,
}: {
  object: O;
  id: string;
  noun: string;
  icon: ReactNode;
  view: RecordView<RecordDtoOf[O]>;
}) {
  const record = useQuery(recordQuery(object, id));
  const defs = useQuery(customFieldsQuery(object));
  const session = useSession();
  // The quick actions and the composer add activities and tasks to the record.
  const canWrite = can(session.permissions, "activities", "create");
  const canShare = can(session.permissions, object, "update");
  const [tab, setTab] = useState<ComposerTab>("note");
  const [panel, setPanel] = useState<string | null>("timeline");
  const composer = useRef<HTMLDivElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  if (record.isPending || defs.isPending) return <PageLoader />;
  if (record.isError || defs.isError) {
    const error = record.error ?? defs.error;
    return (
      <Paper withBorder radius="md">
        <EmptyState
          icon={icon}
          title={error instanceof ApiError && error.status === 404 ? recordText.notFound : messageOf(error)}
          description=""
        >
          <Button variant="default" renderRoot={(props) => <Link to={LIST[object].to} {...props} />}>
            {recordText.backTo(LIST[object].label)}
          </Button>
        </EmptyState>
      </Paper>
    );
  }

  const dto = record.data as RecordDtoOf[O];
  const custom = customFieldSpecs<RecordDtoOf[O]>(defs.data);
  const sections: FieldSection<RecordDtoOf[O]>[] = [
    { title: recordText.details, fields: view.builtIn },
    { title: recordText.customFields, fields: custom },
  ];
  const labels = new Map([...view.builtIn, ...custom].map((f) => [f.path, f.label]));
  labels.set("custom", recordText.customFields);
  const labelOf = (field: string) => labels.get(field) ?? labels.get(field.split(".")[0]!) ?? field;

  function quick(next: ComposerTab) {
    setPanel("timeline");
    setTab(next);
    setFocusRequest((n) => n + 1);
    composer.current?.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  return (
    <Stack gap="lg">
      <Box>
        <Anchor
          size="sm"
          c="dimmed"
          renderRoot={(props) => <Link to={LIST[object].to} {...props} />}
          style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
        >
          <IconArrowLeft size={14} />
          {recordText.backTo(LIST[object].label)}
        </Anchor>
        <Group justify="space-between" align="flex-start" mt="xs" gap="sm">
          <Group gap="sm" wrap="nowrap" align="flex-start" miw={0} flex="1 1 280px">
            <ThemeIcon size={44} radius="md" variant="light" style={{ flexShrink: 0 }}>
              {icon}
            </ThemeIcon>
            <Box miw={0}>
              <Title order={1} fz={{ base: "h3", sm: "h2" }} style={{ overflowWrap: "anywhere" }}>
                {view.title(dto)}
              </Title>
              <Text component="div" size="sm" c="dimmed" mt={2}>
                {view.facts(dto)}
              </Text>
            </Box>
          </Group>
          {(canWrite || canShare || view.actions) && (
            <Group gap="xs" role="group" aria-label={recordText.actions.label}>
              {canWrite && (
                <>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPhone size={14} />}
                    onClick={() => quick("call")}
                  >
                    {recordText.actions.logCall}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconNote size={14} />}
                    onClick={() => quick("note")}
                  >
                    {recordText.actions.addNote}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconChecklist size={14} />}
                    onClick={() => quick("task")}
                  >
                    {recordText.actions.addTask}
                  </Button>
                </>
              )}
              <ShareButton object={object} id={id} name={view.title(dto)} noun={noun} />
              {view.actions?.(dto)}
            </Group>
          )}
        </Group>
      </Box>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="lg">
            <FieldPanel key={dto.id} object={object} record={dto} sections={sections} noun={noun} />
            {view.related(dto)}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            {canWrite && (
              <Composer
                object={object}
                id={id}
                tab={tab}
                onTabChange={setTab}
                focusRef={composer}
                focusRequest={focusRequest}
              />
            )}
            <Tabs value={panel} onChange={setPanel} keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="timeline">{recordText.tabs.timeline}</Tabs.Tab>
                <Tabs.Tab value="history">{recordText.tabs.history}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline" pt="md">
                <Timeline object={object} id={id} labelOf={labelOf} />
              </Tabs.Panel>
              <Tabs.Panel value="history" pt="md">
                <FieldHistory object={object} id={id} labelOf={labelOf} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
