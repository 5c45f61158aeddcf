import {
  type CollisionDetection,
  closestCorners,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { Group, SegmentedControl, Select, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import {
  can,
  type DealDto,
  type Filter,
  type PipelineDto,
  positionBetween,
  type StageDto,
} from "@rapport/core";
import { IconLayoutKanban, IconSearch, IconTable } from "@tabler/icons-react";
import { type InfiniteData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback, useMemo, useState } from "react";
import { useSession } from "../../app/session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageHeader, PageLoader } from "../../ui/page.tsx";
import { membersQuery } from "../settings/api.ts";
import {
  ALL_RECORDS,
  chooseView,
  customFieldsQuery,
  filterableFieldsQuery,
  viewsQuery,
} from "../views/api.ts";
import { humanizePath } from "../views/columns.tsx";
import { FilterPanel } from "../views/filter-panel.tsx";
import { type BoardFilter, type ColumnPage, columnKey, pipelinesQuery, summaryQuery } from "./api.ts";
import classes from "./board.module.css";
import { BoardColumn, columnDeals } from "./board-column.tsx";
import { type CardContext, DealCardBody } from "./deal-card.tsx";
import { LostReasonModal } from "./lost-reason-modal.tsx";
import { pipelineText as text } from "./text.ts";
import { type Move, useMoveDeal } from "./use-move-deal.ts";

/**
 * Cards under the pointer (or, moving by keyboard, under the moved card) win over the column they
 * sit in; with nothing underneath, the closest corners decide.
 */
const collision: CollisionDetection = (args) => {
  const within = args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);
  if (within.length === 0) return closestCorners(args);
  const cards = within.filter((c) => c.data?.droppableContainer.data.current?.type === "deal");
  return cards.length > 0 ? cards : within;
};

function safePosition(before: DealDto | undefined, after: DealDto | undefined): string | undefined {
  try {
    return positionBetween(before?.boardPosition ?? null, after?.boardPosition ?? null);
  } catch {
    return undefined; // Unplaced or equal neighbours: let the server put the deal on top.
  }
}

export function BoardPage() {
  const pipelines = useQuery(pipelinesQuery);
  const search = useSearch({ strict: false }) as { pipeline?: string; view?: string };
  if (pipelines.isPending) return <PageLoader />;
  if (pipelines.isError) return <FormAlert error={messageOf(pipelines.error)} />;
  const pipeline =
    pipelines.data.find((p) => p.id === search.pipeline) ??
    pipelines.data.find((p) => p.isDefault) ??
    pipelines.data[0];
  if (!pipeline) {
    return (
      <EmptyState
        icon={<IconLayoutKanban size={32} stroke={1.5} />}
        title={text.noPipelines}
        description={text.noPipelinesBody}
      />
    );
  }
  return <Board pipelines={pipelines.data} pipeline={pipeline} viewId={search.view} />;
}

function Board({
  pipelines,
  pipeline,
  viewId,
}: {
  pipelines: PipelineDto[];
  pipeline: PipelineDto;
  /** A saved deals view, ALL_RECORDS for none; the default deals view when undefined. */
  viewId: string | undefined;
}) {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canMove = can(session.permissions, "deals", "update");
  const [mine, setMine] = useState(false);
  const [searchText, setSearchText] = useState("");
  const [debounced] = useDebouncedValue(searchText, 300);
  const views = useQuery(viewsQuery("deals"));
  const fields = useQuery(filterableFieldsQuery("deals"));
  const customFields = useQuery(customFieldsQuery("deals"));
  const view = chooseView(views.data, viewId);
  // The builder starts from the view's filter and is replaced when another view is chosen.
  const viewFilter = (view?.filter as Filter | null | undefined) ?? null;
  const viewKey = view ? `${view.id}:${view.version}` : "none";
  const [built, setBuilt] = useState<{ key: string; filter: Filter | null }>({
    key: viewKey,
    filter: viewFilter,
  });
  if (built.key !== viewKey) setBuilt({ key: viewKey, filter: viewFilter });
  const filter = useMemo<BoardFilter>(
    () => ({ filter: built.filter, mine, search: debounced }),
    [built.filter, mine, debounced],
  );
  const customLabels = useMemo(
    () => new Map((customFields.data ?? []).map((d) => [`custom.${d.key}`, d.label])),
    [customFields.data],
  );

  const summary = useQuery(summaryQuery(pipeline.id, filter));
  const members = useQuery(membersQuery);
  const { move, saving } = useMoveDeal(filter);
  const [active, setActive] = useState<{ deal: DealDto; companyName: string | undefined } | null>(null);
  const [overStage, setOverStage] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<Move | null>(null);

  const stageById = useMemo(() => new Map(pipeline.stages.map((s) => [s.id, s])), [pipeline.stages]);
  const figures = useMemo(() => new Map(summary.data?.stages.map((s) => [s.stageId, s])), [summary.data]);
  const names = useMemo(() => new Map(members.data?.map((m) => [m.userId, m.name])), [members.data]);
  const users = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );

  const loaded = useCallback(
    (stageId: string) => {
      const data = queryClient.getQueryData<InfiniteData<ColumnPage, string | null>>(
        columnKey(stageId, filter),
      );
      return { deals: columnDeals(data), more: data?.pages.at(-1)?.nextCursor != null };
    },
    [queryClient, filter],
  );

  const request = useCallback(
    (next: Move) => {
      if (next.to.kind === "lost" && next.deal.stageId !== next.to.id) setPendingLost(next);
      else void move(next);
    },
    [move],
  );

  const context = useMemo<CardContext>(
    () => ({
      stages: pipeline.stages,
      ownerName: (id) => (id ? (names.get(id) ?? null) : null),
      canMove,
      onMoveTo: (deal, to) => request({ deal, to, index: 0, announce: true }),
    }),
    [pipeline.stages, names, canMove, request],
  );

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const stageOf = (data: Record<string, unknown> | undefined): StageDto | undefined => {
    if (data?.type === "deal") return stageById.get((data.deal as DealDto).stageId);
    if (data?.type === "stage") return data.stage as StageDto;
    return undefined;
  };

  function onDragStart({ active }: DragStartEvent) {
    const deal = active.data.current?.deal as DealDto | undefined;
    if (!deal) return;
    const data = queryClient.getQueryData<InfiniteData<ColumnPage, string | null>>(
      columnKey(deal.stageId, filter),
    );
    const companyName = deal.companyId
      ? data?.pages.find((p) => p.companies[deal.companyId!])?.companies[deal.companyId]
      : undefined;
    setActive({ deal, companyName });
  }

  function onDragOver({ over }: DragOverEvent) {
    setOverStage(stageOf(over?.data.current)?.id ?? null);
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setActive(null);
    setOverStage(null);
    const deal = active.data.current?.deal as DealDto | undefined;
    const to = stageOf(over?.data.current);
    if (!deal || !over || !to) return;
    const { deals, more } = loaded(to.id);
    const others = deals.filter((d) => d.id !== deal.id);
    let index: number;
    if (over.data.current?.type === "deal") {
      const overIndex = deals.findIndex((d) => d.id === over.id);
      if (to.id === deal.stageId) {
        const from = deals.findIndex((d) => d.id === deal.id);
        if (from === overIndex || from < 0 || overIndex < 0) return;
        index = arrayMove(deals, from, overIndex).findIndex((d) => d.id === deal.id);
      } else {
        const dragged = active.rect.current.translated;
        const below =
          dragged !== null && dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2;
        index = Math.max(0, overIndex) + (below ? 1 : 0);
      }
    } else {
      if (to.id === deal.stageId) return;
      // On the column itself: the end of a fully loaded column, else its top.
      index = more ? 0 : others.length;
    }
    request({ deal, to, index, boardPosition: safePosition(others[index - 1], others[index]) });
  }

  const dealName = (id: string | number) => {
    for (const stage of pipeline.stages) {
      const found = loaded(stage.id).deals.find((d) => d.id === id);
      if (found) return found.name;
    }
    return "";
  };
  const targetName = (data: Record<string, unknown> | undefined) => stageOf(data)?.name ?? "";

  return (
    <>
      <PageHeader
        title={text.title}
        description={canMove ? text.description : text.readOnly}
        actions={
          <SegmentedControl
            aria-label={text.viewLabel}
            value="board"
            onChange={(value) => value === "table" && navigate({ to: "/deals" })}
            data={[
              {
                value: "table",
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconTable size={16} aria-hidden />
                    {text.tableView}
                  </Group>
                ),
              },
              {
                value: "board",
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconLayoutKanban size={16} aria-hidden />
                    {text.boardView}
                  </Group>
                ),
              },
            ]}
          />
        }
      />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={text.pipeline}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline.id}
          onChange={(id) => id && navigate({ to: "/pipeline", search: { pipeline: id, view: viewId } })}
          allowDeselect={false}
          w={{ base: "100%", xs: 220 }}
        />
        <Select
          label={text.view}
          data={[
            { value: ALL_RECORDS, label: text.allDeals },
            ...(views.data ?? []).map((v) => ({ value: v.id, label: v.name })),
          ]}
          value={view?.id ?? ALL_RECORDS}
          onChange={(id) => id && navigate({ to: "/pipeline", search: { pipeline: pipeline.id, view: id } })}
          allowDeselect={false}
          w={{ base: "100%", xs: 200 }}
        />
        <SegmentedControl
          aria-label={text.owner}
          value={mine ? "mine" : "all"}
          onChange={(value) => setMine(value === "mine")}
          data={[
            { value: "all", label: text.ownerAll },
            { value: "mine", label: text.ownerMine },
          ]}
        />
        <TextInput
          aria-label={text.search}
          placeholder={text.searchPlaceholder}
          leftSection={<IconSearch size={16} />}
          value={searchText}
          onChange={(e) => setSearchText(e.currentTarget.value)}
          type="search"
          w={{ base: "100%", xs: 240 }}
        />
        <FilterPanel
          filter={built.filter}
          onApply={(next) => setBuilt((b) => ({ ...b, filter: next }))}
          fields={fields.data ?? []}
          users={users}
          fieldLabel={(path) => humanizePath(path, customLabels)}
        />
      </Group>
      {summary.data && summary.data.missingRates.length > 0 && (
        <FormAlert error={text.missingRates(summary.data.missingRates.join(", "))} />
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setActive(null);
          setOverStage(null);
        }}
        accessibility={{
          screenReaderInstructions: { draggable: text.dndInstructions },
          announcements: {
            onDragStart: ({ active }) => text.dndPickedUp(dealName(active.id)),
            onDragOver: ({ active, over }) =>
              over
                ? text.dndOver(dealName(active.id), targetName(over.data.current))
                : text.dndNowhere(dealName(active.id)),
            onDragEnd: ({ active, over }) =>
              over
                ? text.dndDropped(dealName(active.id), targetName(over.data.current))
                : text.dndCancelled(dealName(active.id)),
            onDragCancel: ({ active }) => text.dndCancelled(dealName(active.id)),
          },
        }}
      >
        <section className={classes.board} aria-label={text.boardLabel(pipeline.name)}>
          {pipeline.stages.map((stage) => (
            <BoardColumn
              key={stage.id}
              stage={stage}
              filter={filter}
              figures={figures.get(stage.id)}
              baseCurrency={summary.data?.baseCurrency}
              highlight={overStage === stage.id && active?.deal.stageId !== stage.id}
              activeId={active?.deal.id ?? null}
              saving={saving}
              context={context}
            />
          ))}
        </section>
        <DragOverlay>
          {active ? (
            <DealCardBody deal={active.deal} companyName={active.companyName} context={context} overlay />
          ) : null}
        </DragOverlay>
      </DndContext>
      <LostReasonModal
        dealName={pendingLost?.deal.name ?? null}
        onCancel={() => setPendingLost(null)}
        onConfirm={(lostReason) => {
          if (pendingLost) void move({ ...pendingLost, lostReason });
          setPendingLost(null);
        }}
      />
    </>
  );
}
