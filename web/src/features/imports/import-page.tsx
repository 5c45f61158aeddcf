import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  type ColumnMapping,
  can,
  DATE_FORMATS,
  IMPORT_MATCH_FIELDS,
  IMPORT_OBJECTS,
  IMPORT_TARGETS,
  type ImportDto,
  type ImportObject,
  type ImportSettingsInput,
  type StagedImportDto,
} from "@rapport/core";
import { IconArrowLeft, IconDownload, IconFileImport, IconFlask } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageHeader, PageLoader } from "../../ui/page.tsx";
import { customFieldsQuery, importQuery, importsApi } from "./api.ts";
import { importsText as text } from "./text.ts";

type Settings = ImportSettingsInput;

/** Where the import screen of an object lives (under the object's table). */
const importPath = (object: ImportObject) => `/${object}/import` as const;

/** The import screen, opened from a table's Import button; `object` is that table's. */
export function ImportPage({ object }: { object: ImportObject }) {
  const { id } = useSearch({ strict: false }) as { id?: string };
  // A staged import's object decides what its screen shows; before the upload, the chosen one does.
  const staged = useQuery({ ...importQuery(id ?? ""), enabled: Boolean(id) });
  const [chosen, setChosen] = useState<ImportObject>(object);
  const shown = (id && staged.data?.object) || chosen;
  return (
    <>
      <PageHeader
        title={text.title[shown]}
        description={text.description[shown]}
        actions={
          <Button
            component={Link}
            to={`/${shown}`}
            variant="subtle"
            leftSection={<IconArrowLeft size={16} />}
          >
            {text.back[shown]}
          </Button>
        }
      />
      {id ? <ImportDetail id={id} /> : <UploadStep object={chosen} onObject={setChosen} />}
    </>
  );
}

export const ContactsImportPage = () => <ImportPage object="contacts" />;
export const CompaniesImportPage = () => <ImportPage object="companies" />;

function UploadStep({ object, onObject }: { object: ImportObject; onObject: (o: ImportObject) => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { permissions } = useSession();
  // Only the objects the role may import; the server refuses the others anyway.
  const objects = IMPORT_OBJECTS.filter((o) => can(permissions, o, "import"));
  const upload = useMutation({
    mutationFn: importsApi.upload,
    onSuccess: (staged: StagedImportDto) => {
      queryClient.setQueryData(["imports", staged.id], staged);
      void navigate({ to: importPath(staged.object), search: { id: staged.id } });
    },
  });
  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack>
        {objects.length > 1 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {text.object.label}
            </Text>
            <SegmentedControl
              aria-label={text.object.label}
              data={objects.map((o) => ({ value: o, label: text.object[o] }))}
              value={object}
              disabled={upload.isPending}
              onChange={(value) => onObject(value as ImportObject)}
            />
          </Stack>
        )}
        <FileInput
          label={text.upload.label}
          description={text.upload.description[object]}
          placeholder={text.upload.placeholder}
          accept={
            object === "contacts"
              ? ".csv,.txt,.tsv,.vcf,.vcard,text/csv,text/vcard"
              : ".csv,.txt,.tsv,text/csv"
          }
          leftSection={<IconFileImport size={16} />}
          disabled={upload.isPending}
          onChange={(file) => file && upload.mutate({ object, file })}
        />
        {upload.isPending && <Text size="sm">{text.upload.uploading}</Text>}
        <FormAlert error={upload.error ? messageOf(upload.error) : null} />
      </Stack>
    </Paper>
  );
}

function ImportDetail({ id }: { id: string }) {
  const query = useQuery(importQuery(id));
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <FormAlert error={messageOf(query.error)} />;
  const imp = query.data;
  if (imp.status === "staged") return <SetupStep imp={imp} />;
  return <RunStatus imp={imp} />;
}

function SetupStep({ imp }: { imp: ImportDto }) {
  // Three policies side by side do not fit a phone's width: they are stacked there.
  const phone = useMediaQuery("(max-width: 35.99em)");
  const queryClient = useQueryClient();
  const object = imp.object;
  const fields = useQuery(customFieldsQuery(object));
  const [settings, setSettingsState] = useState<Settings>(() => ({
    mapping: [],
    matchBy: IMPORT_MATCH_FIELDS[object][0],
    matchPolicy: "skip",
    onInvalid: "skip",
    dateFormat: "YYYY-MM-DD",
    ...(imp.settings ?? {}),
  }));
  const preview = useQuery({
    queryKey: ["imports", imp.id, "preview", settings],
    queryFn: () => importsApi.preview(imp.id, settings),
  });
  const dryRun = useMutation({ mutationFn: () => importsApi.dryRun(imp.id, settings) });
  const run = useMutation({
    mutationFn: () => importsApi.run(imp.id, settings),
    onSuccess: (updated) => queryClient.setQueryData(["imports", imp.id], updated),
  });
  // A dry run's counts belong to the settings it ran with.
  const setSettings = (update: (s: Settings) => Settings) => {
    setSettingsState(update);
    dryRun.reset();
  };

  const customFields = fields.data?.data ?? [];
  const targetOptions = [
    { value: "", label: text.mapping.ignore },
    ...IMPORT_TARGETS[object].map((t) => ({ value: t, label: text.targets[object][t] ?? t })),
    ...customFields.map((f) => ({ value: `custom.${f.key}`, label: f.label })),
  ];
  const firstRow = preview.data?.rows[0]?.cells ?? [];
  // Only contacts' emails and phones carry a label (work, home, mobile…).
  const labels = object === "contacts";
  const setMapping = (column: number, patch: Partial<ColumnMapping>) =>
    setSettings((s) => ({
      ...s,
      mapping: imp.headers.map((_, c) => {
        const current: ColumnMapping = {
          column: c,
          target: "",
          label: null,
          ...s.mapping.find((m) => m.column === c),
        };
        return c === column ? { ...current, ...patch } : current;
      }),
    }));
  // Each file column with its sample and its controls, laid out as a table or, on a phone, as cards.
  const columns = imp.headers.map((header, column) => {
    const mapping = settings.mapping.find((m) => m.column === column);
    const labeled = labels && (mapping?.target === "email" || mapping?.target === "phone");
    return {
      column,
      header,
      name: header || `#${column + 1}`,
      sample: firstRow[column] ?? "",
      target: (
        <NativeSelect
          aria-label={`${text.mapping.field[object]}: ${header}`}
          data={targetOptions}
          value={mapping?.target ?? ""}
          onChange={(e) => setMapping(column, { target: e.currentTarget.value })}
        />
      ),
      label: labeled ? (
        <TextInput
          aria-label={`${text.mapping.label}: ${header}`}
          // A card has no column header to say what this box is.
          label={phone ? text.mapping.label : undefined}
          value={mapping?.label ?? ""}
          placeholder="work"
          w={phone ? undefined : 110}
          onChange={(e) => setMapping(column, { label: e.currentTarget.value || null })}
        />
      ) : null,
    };
  });

  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Badge variant="light">{imp.fileName}</Badge>
        <Text size="sm" c="dimmed">
          {text.file(imp.totalRows, imp.encoding, imp.delimiter)}
        </Text>
      </Group>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {text.mapping.title}
        </Title>
        {imp.format === "vcard" ? (
          <Alert color="blue">{text.mapping.vcard}</Alert>
        ) : phone ? (
          // A phone has no room for four columns: each file column is a card, its choice full width.
          <Stack gap="xs">
            {columns.map((c) => (
              <Paper key={`${c.column}-${c.header}`} withBorder p="xs">
                <Text fw={500} size="sm">
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed" truncate="end" mb={6}>
                  {c.sample || text.mapping.noSample}
                </Text>
                <Stack gap={6}>
                  {c.target}
                  {c.label}
                </Stack>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.mapping.column}</Table.Th>
                  <Table.Th>{text.mapping.sample}</Table.Th>
                  <Table.Th>{text.mapping.field[object]}</Table.Th>
                  {labels && <Table.Th>{text.mapping.label}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {columns.map((c) => (
                  <Table.Tr key={`${c.column}-${c.header}`}>
                    <Table.Td fw={500}>{c.name}</Table.Td>
                    <Table.Td c="dimmed" maw={200} style={{ overflow: "hidden", textOverflow: "ellipsis" }}>
                      {c.sample}
                    </Table.Td>
                    <Table.Td>{c.target}</Table.Td>
                    {labels && <Table.Td>{c.label}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {text.options.title}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {imp.format === "csv" && (
            <NativeSelect
              label={text.options.dateFormat}
              data={[...DATE_FORMATS]}
              value={settings.dateFormat ?? "YYYY-MM-DD"}
              onChange={(e) =>
                setSettings((s) => ({ ...s, dateFormat: e.currentTarget.value as Settings["dateFormat"] }))
              }
            />
          )}
          {imp.format === "csv" && (
            <TextInput
              label={text.options.phoneCountry}
              placeholder={text.options.phoneCountryPlaceholder}
              maxLength={2}
              value={settings.phoneCountry ?? ""}
              onChange={(e) => {
                const value = e.currentTarget.value.toUpperCase();
                setSettings((s) => ({ ...s, phoneCountry: value.length === 2 ? value : null }));
              }}
            />
          )}
          <NativeSelect
            label={text.options.matchBy[object]}
            data={[
              { value: "", label: text.options.noMatch },
              ...IMPORT_MATCH_FIELDS[object].map((f) => ({
                value: f,
                label: text.options.matchFields[f] ?? f,
              })),
              ...customFields.map((f) => ({ value: `custom.${f.key}`, label: f.label })),
            ]}
            value={settings.matchBy ?? ""}
            onChange={(e) => setSettings((s) => ({ ...s, matchBy: e.currentTarget.value || null }))}
          />
          <NativeSelect
            label={text.options.onInvalid}
            data={Object.entries(text.options.invalid).map(([value, label]) => ({ value, label }))}
            value={settings.onInvalid ?? "skip"}
            onChange={(e) =>
              setSettings((s) => ({ ...s, onInvalid: e.currentTarget.value as Settings["onInvalid"] }))
            }
          />
        </SimpleGrid>
        {settings.matchBy && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {text.options.matchPolicy}
            </Text>
            <SegmentedControl
              aria-label={text.options.matchPolicy}
              orientation={phone ? "vertical" : "horizontal"}
              fullWidth={phone}
              data={Object.entries(text.options.policies[object]).map(([value, label]) => ({ value, label }))}
              value={settings.matchPolicy ?? "skip"}
              onChange={(value) =>
                setSettings((s) => ({ ...s, matchPolicy: value as Settings["matchPolicy"] }))
              }
            />
          </Stack>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {text.preview.title}
        </Title>
        {preview.isError && <FormAlert error={messageOf(preview.error)} />}
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label={text.preview.title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>{text.preview.row}</Table.Th>
                <Table.Th>{text.preview.record[object]}</Table.Th>
                <Table.Th>{text.preview.problems}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(preview.data?.rows ?? []).map((row) => (
                <Table.Tr key={row.rowNo}>
                  <Table.Td>{row.rowNo}</Table.Td>
                  <Table.Td>{summary(row.record)}</Table.Td>
                  <Table.Td>
                    {row.errors.length === 0 ? (
                      <Badge color="teal" variant="light">
                        {text.preview.ok}
                      </Badge>
                    ) : (
                      <Text size="sm" c="red">
                        {row.errors.join("; ")}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      {dryRun.data && <FormAlert success={text.dryRunResult(dryRun.data)} />}
      <FormAlert error={dryRun.error ? messageOf(dryRun.error) : run.error ? messageOf(run.error) : null} />
      <Group>
        <Button
          variant="default"
          leftSection={<IconFlask size={16} />}
          loading={dryRun.isPending}
          onClick={() => dryRun.mutate()}
        >
          {text.dryRun}
        </Button>
        <Button
          leftSection={<IconFileImport size={16} />}
          loading={run.isPending}
          onClick={() => run.mutate()}
        >
          {text.run}
        </Button>
      </Group>
    </Stack>
  );
}

/** A previewed record in a line: a contact's name, email and company; a company's name, domains and parent. */
function summary(record: Record<string, unknown> | null): string {
  if (!record) return "—";
  const name = "name" in record ? record.name : [record.firstName, record.lastName].filter(Boolean).join(" ");
  const first =
    (record.emails as { value: string }[] | undefined)?.[0]?.value ??
    (record.domains as string[] | undefined)?.join(", ");
  const company = record.companyName ?? record.companyDomain;
  return [name, first, company].filter(Boolean).join(" · ") || "—";
}

function RunStatus({ imp }: { imp: ImportDto }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const done = imp.rowsDone;
  const percent = imp.totalRows > 0 ? (100 * done) / imp.totalRows : 0;
  const active = imp.status === "queued" || imp.status === "running";
  // The object's tables were read before the import wrote (or undid) its records.
  useEffect(() => {
    if (imp.status === "completed" || imp.status === "undone")
      void queryClient.invalidateQueries({ queryKey: ["records", imp.object] });
  }, [imp.status, imp.object, queryClient]);
  return (
    <Stack gap="md" maw={640}>
      <Group gap="xs">
        <Badge variant="light">{imp.fileName}</Badge>
        <Badge color={imp.status === "failed" ? "red" : imp.status === "completed" ? "teal" : "blue"}>
          {imp.status}
        </Badge>
      </Group>
      {imp.status !== "failed" && (
        <Stack gap={4}>
          <Progress
            value={imp.status === "undone" ? 100 : percent}
            animated={active || imp.status === "undoing"}
            aria-label={text.progress.label}
            size="lg"
          />
          <Group gap="md">
            <Text size="sm">{text.progress.rows(done, imp.totalRows)}</Text>
            <Text size="sm" c="dimmed">
              {text.progress.speed(imp.rowsPerSecond)}
            </Text>
            <Text size="sm" c={imp.rejected > 0 ? "red" : "dimmed"}>
              {text.progress.errors(imp.rejected)}
            </Text>
          </Group>
          {imp.status === "queued" && <Text size="sm">{text.progress.queued}</Text>}
          {imp.status === "undoing" && <Text size="sm">{text.progress.undoing}</Text>}
        </Stack>
      )}
      {imp.status === "failed" && (
        <Alert color="red" title={text.failed} role="alert">
          {imp.error}
        </Alert>
      )}
      {imp.status === "completed" && <FormAlert success={text.done(imp)} />}
      {imp.status === "undone" && <FormAlert success={text.undo.done} />}
      <Group>
        {imp.rejected > 0 && (
          <Anchor href={`/api/v1/imports/${imp.id}/rejected.csv`} download>
            <Group gap={4}>
              <IconDownload size={16} />
              {text.downloadRejected}
            </Group>
          </Anchor>
        )}
        {imp.status === "completed" && imp.created + imp.updated > 0 && (
          <ConfirmButton
            title={text.undo.title}
            message={text.undo.message(imp.object)}
            confirmLabel={text.undo.confirm}
            buttonProps={{ variant: "default", color: "red" }}
            onConfirm={async () => {
              const updated = await importsApi.undo(imp.id);
              queryClient.setQueryData(["imports", imp.id], updated);
            }}
          >
            {text.undo.button}
          </ConfirmButton>
        )}
        {!active && imp.status !== "undoing" && (
          <Button variant="subtle" onClick={() => void navigate({ to: importPath(imp.object), search: {} })}>
            {text.another}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
