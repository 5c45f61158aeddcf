import { ActionIcon, Badge, Button, Group, Menu, Paper, Text, TextInput } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { can, type DealSummaryDto, type Filter, type ViewDto, type ViewObject } from "@rapport/core";
import {
  IconDeviceFloppy,
  IconDots,
  IconSearch,
  IconStar,
  IconStarOff,
  IconTrash,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearch } from "@tanstack/react-router";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { api } from "../../app/api.ts";
import { useSession } from "../../app/session.ts";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { EmptyState } from "../../ui/empty-state.tsx";
import { combineFilters, searchFilter } from "../../ui/filter-builder/model.ts";
import { messageOf } from "../../ui/form.ts";
import { formatMoney } from "../../ui/format.ts";
import { PageHeader, PageLoader } from "../../ui/page.tsx";
import { accessOf } from "../../ui/record/fields.ts";
import { ColumnPicker } from "../../ui/table/column-picker.tsx";
import { DataTable } from "../../ui/table/data-table.tsx";
import { formatSort, parseSort, type SortKey } from "../../ui/table/sort.ts";
import type { ColumnDef, ColumnLayout, TableRow } from "../../ui/table/types.ts";
import { ExportMenu } from "../exports/export-menu.tsx";
import { membersQuery } from "../settings/api.ts";
import {
  ALL_RECORDS,
  chooseView,
  customFieldsQuery,
  filterableFieldsQuery,
  pipelinesQuery,
  recordsApi,
  viewsApi,
  viewsQuery,
} from "./api.ts";
import { BulkActions } from "./bulk-actions.tsx";
import { customColumns, humanizePath, type TableContext } from "./columns.tsx";
import { FilterPanel } from "./filter-panel.tsx";
import { SaveViewDialog } from "./save-view-dialog.tsx";
import { viewsText } from "./text.ts";
import { useRecordPages } from "./use-record-pages.ts";

type Row = TableRow & {
  tags: string[];
  ownerId: string | null;
  custom: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

/** How one object's table looks: its columns, search fields and bulk actions. */
export type ObjectTableConfig<R extends Row> = {
  object: ViewObject;
  /** The objects in the plural, lower case: "contacts". */
  noun: string;
  title: string;
  description: string;
  columns: (ctx: TableContext) => ColumnDef<R>[];
  defaultColumns: string[];
  /** Fields the search box looks in with `contains`. */
  searchFields: string[];
  ownerField: "ownerId" | "assigneeId";
  rowName: (row: R) => string;
  /** Shown instead of the table while the object has no records at all. */
  empty: { title: string; body: string; icon: ReactNode };
  /** Deals: change stage in bulk, and the total of amounts in the base currency. */
  deals?: boolean;
  /** Beside the title when no saved view is open (tasks: the switch to "My tasks"). */
  headerActions?: ReactNode;
};

type Working = { key: string; filter: Filter | null; sort: SortKey[]; layout: ColumnLayout[] };

const stateOf = (key: string, view: ViewDto | undefined, defaults: string[]): Working => ({
  key,
  filter: (view?.filter as Filter | null | undefined) ?? null,
  sort: parseSort(view?.sort ?? ""),
  layout: view && view.columns.length > 0 ? view.columns : defaults.map((k) => ({ key: k })),
});
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ObjectTablePage<R extends Row>({ config }: { config: ObjectTableConfig<R> }) {
  const { object } = config;
  const session = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const requested = (useSearch({ strict: false }) as { view?: unknown }).view;
  const requestedId = typeof requested === "string" ? requested : undefined;
  const views = useQuery(viewsQuery(object));
  // Its own key under ["members"]: the members settings page fetches fresh when it opens, and
  // invalidating ["members"] there refreshes these names too.
  const members = useQuery({ ...membersQuery, queryKey: ["members", "names"] });
  const fields = useQuery(filterableFieldsQuery(object));
  const customFields = useQuery(customFieldsQuery(object));
  const pipelines = useQuery({ ...pipelinesQuery, enabled: config.deals === true });

  const view = chooseView(views.data, requestedId);
  const baseKey = view ? `${view.id}:${view.version}` : `none:${requestedId ?? ""}`;
  const base = useMemo(
    () => stateOf(baseKey, view, config.defaultColumns),
    [baseKey, view, config.defaultColumns],
  );
  const [working, setWorking] = useState<Working>(base);
  // A different view (or a new version of it) replaces what is on screen.
  if (working.key !== base.key) setWorking(base);
  const dirty = !same([working.filter, working.sort, working.layout], [base.filter, base.sort, base.layout]);

  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const filter = useMemo(
    () => combineFilters(working.filter, searchFilter(debouncedSearch, config.searchFields)),
    [working.filter, debouncedSearch, config.searchFields],
  );
  // A shared view may sort by a field the caller's role hides, which the list would refuse: skip it.
  const sortText = formatSort(
    working.sort.filter((k) => accessOf(session.permissions, object, k.field) !== "hidden"),
  );
  const pages = useRecordPages<R>(object, filter, sortText);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [saveOpened, saveDialog] = useDisclosure(false);

  const lifecycleStages = session.workspace.lifecycleStages;
  const ctx: TableContext = useMemo(() => {
    const names = new Map((members.data ?? []).map((m) => [m.userId, m.name]));
    const stages = new Map(
      (pipelines.data ?? []).flatMap((p) =>
        p.stages.map((s) => [s.id, { ...s, pipelineId: p.id, pipelineName: p.name }] as const),
      ),
    );
    return {
      members: members.data ?? [],
      memberName: (id) => (id ? (names.get(id) ?? "") : ""),
      pipelines: pipelines.data ?? [],
      stage: (id) => stages.get(id),
      customFields: customFields.data ?? [],
      lifecycleStages,
    };
  }, [members.data, pipelines.data, customFields.data, lifecycleStages]);
  // Columns of fields the role hides are not offered (the server would leave them empty and refuse
  // sorting by them); those of read-only fields are not editable in the cells.
  const columns = useMemo(
    () =>
      [...config.columns(ctx), ...customColumns<R>(ctx)].flatMap((column) => {
        const access = accessOf(session.permissions, object, column.sortField ?? column.key);
        if (access === "hidden") return [];
        if (access === "read_only") return [{ ...column, edit: undefined }];
        return [column];
      }),
    [config, ctx, session.permissions, object],
  );
  const customLabels = useMemo(
    () => new Map((customFields.data ?? []).map((d) => [`custom.${d.key}`, d.label])),
    [customFields.data],
  );
  const fieldLabel = useCallback((path: string) => humanizePath(path, customLabels), [customLabels]);
  const users = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );

  const summary = useQuery({
    queryKey: ["deals-summary", filter],
    queryFn: () =>
      api<DealSummaryDto>(
        "GET",
        `/deals/summary${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ""}`,
      ),
    enabled: config.deals === true,
  });

  const { replaceRow, reload } = pages;
  const onCellEdit = useCallback(
    async (row: R, patch: object) => {
      const saved = await recordsApi.patch<R>(object, row.id, row.version, patch);
      replaceRow(saved);
      if (object === "deals") void queryClient.invalidateQueries({ queryKey: ["deals-summary"] });
    },
    [object, replaceRow, queryClient],
  );
  const open = useCallback((href: string) => router.history.push(href), [router]);
  const go = (viewId: string) => router.history.push(`/${object}?view=${viewId}`);

  const refreshViews = () => queryClient.invalidateQueries({ queryKey: ["views", object] });
  const viewBody = () => ({ filter: working.filter, sort: sortText, columns: working.layout });
  async function saveNew(draft: { name: string; visibility?: "personal" | "shared"; isDefault?: boolean }) {
    const created = await viewsApi.create({ object, ...draft, ...viewBody() });
    await refreshViews();
    notifications.show({ color: "green", message: viewsText.viewSaved });
    go(created.id);
  }
  async function updateCurrent() {
    if (!view) return;
    try {
      await viewsApi.update(view, viewBody());
      await refreshViews();
      notifications.show({ color: "green", message: viewsText.viewUpdated });
    } catch (error) {
      notifications.show({ color: "red", title: viewsText.editFailed, message: messageOf(error) });
    }
  }
  async function toggleDefault() {
    if (!view) return;
    try {
      await viewsApi.setDefault(view.id, !view.isDefault);
      await refreshViews();
      notifications.show({
        color: "green",
        message: view.isDefault ? viewsText.defaultUnset : viewsText.defaultSet,
      });
    } catch (error) {
      notifications.show({ color: "red", title: viewsText.editFailed, message: messageOf(error) });
    }
  }

  if (views.isPending) return <PageLoader />;
  const missingView = requestedId !== undefined && requestedId !== ALL_RECORDS && !view;
  const totals =
    config.deals && summary.data?.total.amount !== undefined
      ? {
          amount: (
            <span title={viewsText.totalIn(summary.data.baseCurrency)} data-testid="amount-total">
              {formatMoney(summary.data.total.amount, summary.data.baseCurrency)}
              {summary.data.missingRates.length > 0 ? " *" : ""}
            </span>
          ),
        }
      : undefined;
  const selectedRows = pages.rows.filter((r) => selected.has(r.id));
  if (!pages.loading && pages.total === 0 && filter === null && !view) {
    return (
      <>
        <PageHeader title={config.title} description={config.description} actions={config.headerActions} />
        <Paper withBorder radius="md">
          <EmptyState icon={config.empty.icon} title={config.empty.title} description={config.empty.body} />
        </Paper>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={view ? view.name : config.title}
        description={missingView ? viewsText.viewNotFound : view ? config.title : config.description}
        actions={
          view ? (
            <Group gap={6}>
              {view.isDefault && <Badge variant="light">{viewsText.defaultBadge}</Badge>}
              {view.visibility === "shared" && (
                <Badge variant="light" color="gray">
                  {viewsText.sharedBadge}
                </Badge>
              )}
            </Group>
          ) : (
            config.headerActions
          )
        }
      />
      <Group gap="xs" mb="sm" wrap="wrap">
        <TextInput
          aria-label={viewsText.search}
          placeholder={viewsText.searchPlaceholder(config.noun)}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: "100%", xs: 260 }}
          type="search"
        />
        <FilterPanel
          filter={working.filter}
          onApply={(f) => {
            setWorking((w) => ({ ...w, filter: f }));
            setSelected(new Set());
          }}
          fields={fields.data ?? []}
          users={users}
          fieldLabel={fieldLabel}
        />
        <ColumnPicker
          columns={columns}
          layout={working.layout}
          onChange={(layout) => setWorking((w) => ({ ...w, layout }))}
        />
        {view?.canEdit && dirty ? (
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <Button size="sm" leftSection={<IconDeviceFloppy size={16} />}>
                {viewsText.saveView}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={updateCurrent}>{viewsText.updateView(view.name)}</Menu.Item>
              <Menu.Item onClick={saveDialog.open}>{viewsText.saveAsNew}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : (
          <Button
            size="sm"
            variant={dirty ? "filled" : "default"}
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={saveDialog.open}
          >
            {view ? viewsText.saveAsNew : viewsText.saveView}
          </Button>
        )}
        {can(session.permissions, object, "export") && (
          <ExportMenu
            object={object}
            noun={config.noun}
            filter={filter}
            sort={sortText}
            columns={working.layout.map((c) => c.key)}
          />
        )}
        {dirty && (
          <Button size="sm" variant="subtle" color="gray" onClick={() => setWorking(base)}>
            {viewsText.discard}
          </Button>
        )}
        {view && (
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label={viewsText.viewMenu}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={view.isDefault ? <IconStarOff size={14} /> : <IconStar size={14} />}
                onClick={toggleDefault}
              >
                {view.isDefault ? viewsText.unsetDefault : viewsText.setDefault}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
        {view?.canEdit && (
          <ConfirmButton
            title={viewsText.deleteViewTitle}
            message={viewsText.deleteViewBody(view.name)}
            confirmLabel={viewsText.deleteView}
            icon={<IconTrash size={16} />}
            aria-label={viewsText.deleteView}
            onConfirm={async () => {
              await viewsApi.remove(view.id);
              await refreshViews();
              notifications.show({ color: "green", message: viewsText.viewDeleted });
              router.history.push(`/${object}?view=${ALL_RECORDS}`);
            }}
          >
            {viewsText.deleteView}
          </ConfirmButton>
        )}
        {dirty && (
          <Text size="xs" c="dimmed">
            {viewsText.unsaved}
          </Text>
        )}
      </Group>
      {selectedRows.length > 0 && (
        <BulkActions
          object={object}
          selected={selectedRows}
          ownerField={config.ownerField}
          members={users}
          pipelines={config.deals ? pipelines.data : undefined}
          onClear={() => setSelected(new Set())}
          onDone={() => {
            setSelected(new Set());
            void queryClient.invalidateQueries({ queryKey: ["records", object] });
            void queryClient.invalidateQueries({ queryKey: ["deals-summary"] });
          }}
        />
      )}
      <DataTable<R>
        label={view ? view.name : config.title}
        columns={columns}
        layout={working.layout}
        onLayoutChange={(layout) => setWorking((w) => ({ ...w, layout }))}
        sort={working.sort}
        onSortChange={(sort) => setWorking((w) => ({ ...w, sort }))}
        rows={pages.rows}
        total={pages.total}
        hasMore={pages.hasMore}
        loading={pages.loading}
        loadingMore={pages.loadingMore}
        error={pages.error ? messageOf(pages.error) : null}
        onLoadMore={pages.loadMore}
        onReload={reload}
        selected={selected}
        onSelectedChange={setSelected}
        onCellEdit={onCellEdit}
        onOpen={open}
        rowName={config.rowName}
        totals={totals}
      />
      <SaveViewDialog opened={saveOpened} onClose={saveDialog.close} onSave={saveNew} />
    </>
  );
}
