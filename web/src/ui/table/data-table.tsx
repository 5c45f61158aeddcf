import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
} from "@dnd-kit/sortable";
import { Button, Checkbox, Group, Loader, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  type RefObject,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { CardList } from "./card-list.tsx";
import { CellEditorInput, type CellProblem } from "./cell-editor.tsx";
import { nextSort, type SortKey } from "./sort.ts";
import classes from "./table.module.css";
import { SelectAllHeader, SortableHeader } from "./table-header.tsx";
import { tableText } from "./text.ts";
import type { ColumnDef, ColumnLayout, TableRow } from "./types.ts";
import { useCellEditing } from "./use-cell-editing.ts";

const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 37;
const SELECT_WIDTH = 44;
/** Start loading the next page when the viewport comes this close to the last loaded row. */
const PREFETCH_ROWS = 40;

export type DataTableProps<Row extends TableRow> = {
  /** The table's accessible name. */
  label: string;
  columns: readonly ColumnDef<Row>[];
  /** The visible columns, in order, with their widths. */
  layout: readonly ColumnLayout[];
  onLayoutChange: (layout: ColumnLayout[]) => void;
  sort: readonly SortKey[];
  onSortChange: (sort: SortKey[]) => void;
  rows: readonly Row[];
  total?: number | undefined;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error?: string | null | undefined;
  onLoadMore: () => void;
  onReload: () => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
  /** Saves an edited cell (PATCH with If-Match); rejects with the ApiError to show at the cell. */
  onCellEdit?: (row: Row, patch: object) => Promise<void>;
  /** Opens a record page; links stay real links so they open in a new tab too. */
  onOpen?: (href: string) => void;
  rowName: (row: Row) => string;
  /** Totals shown under their columns, such as the sum of amounts. */
  totals?: Partial<Record<string, ReactNode>>;
  /** Height of the scrolling area. */
  height?: number | string;
  /** Render as cards (phones); by default below 36em. */
  cards?: boolean;
};

/** Resolves the layout to column definitions, skipping columns that no longer exist. */
export function visibleColumns<Row>(columns: readonly ColumnDef<Row>[], layout: readonly ColumnLayout[]) {
  return layout.flatMap((l) => {
    const def = columns.find((c) => c.key === l.key);
    return def ? [{ def, width: l.width ?? def.width }] : [];
  });
}

/**
 * A virtualized table of records loaded page by page: only the rows near the viewport are
 * rendered, and the next page is asked for as the viewport nears the last loaded row. Columns can
 * be sorted (shift-click for more keys), dragged, resized; cells edited in place; rows selected.
 */
export function DataTable<Row extends TableRow>(props: DataTableProps<Row>) {
  const phone = useMediaQuery("(max-width: 36em)");
  const cards = props.cards ?? phone ?? false;
  return cards ? <CardList {...props} /> : <GridTable {...props} />;
}

function GridTable<Row extends TableRow>({
  label,
  columns,
  layout,
  onLayoutChange,
  sort,
  onSortChange,
  rows,
  total,
  hasMore,
  loading,
  loadingMore,
  error,
  onLoadMore,
  onReload,
  selected,
  onSelectedChange,
  onCellEdit,
  onOpen,
  rowName,
  totals,
  height = "calc(100dvh - 300px)",
}: DataTableProps<Row>) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [liveWidths, setLiveWidths] = useState<Record<string, number>>({});
  const visible = useMemo(
    () => visibleColumns(columns, layout).map((c) => ({ ...c, width: liveWidths[c.def.key] ?? c.width })),
    [columns, layout, liveWidths],
  );
  const template = `${SELECT_WIDTH}px ${visible.map((c) => `${c.width}px`).join(" ")}`;
  const totalWidth = SELECT_WIDTH + visible.reduce((sum, c) => sum + c.width, 0);
  const [active, setActive] = useState({ row: 0, col: 1 });
  const focusCell = (row: number, col: number) =>
    requestAnimationFrame(() => {
      scrollerRef.current?.querySelector<HTMLElement>(`[data-cell="${row}:${col}"]`)?.focus();
    });
  const editing = useCellEditing<Row>(onCellEdit, () => focusCell(active.row, active.col));

  const count = rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && !loading && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, loading, lastIndex, rows.length, onLoadMore]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active: dragged, over }: DragEndEvent) => {
    if (!over || dragged.id === over.id) return;
    const from = layout.findIndex((l) => l.key === dragged.id);
    const to = layout.findIndex((l) => l.key === over.id);
    if (from >= 0 && to >= 0) onLayoutChange(arrayMove([...layout], from, to));
  };
  const setWidth = (key: string, width: number) => {
    setLiveWidths((w) => {
      const { [key]: _, ...rest } = w;
      return rest;
    });
    onLayoutChange(layout.map((l) => (l.key === key ? { ...l, width } : l)));
  };

  const loadedIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const allSelected = loadedIds.length > 0 && loadedIds.every((id) => selected.has(id));
  const someSelected = !allSelected && loadedIds.some((id) => selected.has(id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  // Rows are memoized so scrolling renders only the rows that come into view; they reach the
  // table's current handlers through this ref instead of through props that change every render.
  const rowApi = useRef<RowApi<Row>>(null as unknown as RowApi<Row>);
  rowApi.current = {
    toggle,
    focus: (row, col) => setActive({ row, col }),
    startEdit: editing.start,
    commit: editing.commit,
    cancel: editing.cancel,
    reload: () => {
      editing.cancel();
      onReload();
    },
    onOpen,
    rowName,
  };

  const move = (row: number, col: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(visible.length, col));
    setActive({ row: r, col: c });
    virtualizer.scrollToIndex(r, { align: "auto" });
    focusCell(r, c);
  };
  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing.editing || rows.length === 0) return;
    const { row, col } = active;
    const page = Math.max(1, Math.floor((scrollerRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const target = rows[row];
    const column = visible[col - 1]?.def;
    let action: (() => void) | undefined;
    switch (event.key) {
      case "ArrowDown":
        action = () => move(row + 1, col);
        break;
      case "ArrowUp":
        action = () => move(row - 1, col);
        break;
      case "ArrowRight":
        action = () => move(row, col + 1);
        break;
      case "ArrowLeft":
        action = () => move(row, col - 1);
        break;
      case "PageDown":
        action = () => move(row + page, col);
        break;
      case "PageUp":
        action = () => move(row - page, col);
        break;
      case "Home":
        action = () => (event.ctrlKey ? move(0, col) : move(row, 0));
        break;
      case "End":
        action = () => (event.ctrlKey ? move(rows.length - 1, col) : move(row, visible.length));
        break;
      case "Enter":
        action = () => {
          if (!target || !column) return;
          if (column.edit && editing.canEdit) editing.start(target.id, column.key);
          else if (column.href) onOpen?.(column.href(target));
        };
        break;
      case " ":
        if (col === 0 && target) action = () => toggle(target.id);
        break;
    }
    if (!action) return;
    event.preventDefault();
    action();
  };

  const status = (
    <Group justify="space-between" mt={6} gap="xs" aria-live="polite">
      <Text size="xs" c="dimmed" data-testid="record-count">
        {total !== undefined ? tableText.records(total) : tableText.recordsLoaded(rows.length, undefined)}
        {selected.size > 0 ? ` · ${tableText.selected(selected.size)}` : ""}
      </Text>
      <Text size="xs" c="dimmed" visibleFrom="sm">
        {tableText.gridHelp}
      </Text>
    </Group>
  );

  return (
    <div>
      <div
        ref={scrollerRef}
        role="grid"
        aria-label={label}
        aria-rowcount={(total ?? rows.length) + 1}
        aria-colcount={visible.length + 1}
        aria-multiselectable
        tabIndex={rows.length === 0 ? 0 : -1}
        className={classes.scroller}
        // As tall as its rows, up to the height given: short results leave no empty box.
        style={{
          height: `min(${HEADER_HEIGHT + count * ROW_HEIGHT + (totals ? ROW_HEIGHT : 0) + 2}px, ${typeof height === "number" ? `${height}px` : height})`,
          minHeight: rows.length === 0 ? 280 : undefined,
        }}
        onKeyDown={onGridKeyDown}
      >
        <div style={{ width: totalWidth, minWidth: "100%", position: "relative" }}>
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            // Its screen-reader announcements go outside the grid, which may hold only rows.
            accessibility={{ container: document.body }}
          >
            <div
              role="row"
              aria-rowindex={1}
              className={classes.header}
              style={{ gridTemplateColumns: template }}
            >
              <SelectAllHeader
                checked={allSelected}
                indeterminate={someSelected}
                onChange={(checked) =>
                  onSelectedChange(checked ? new Set([...selected, ...loadedIds]) : new Set())
                }
              />
              <SortableContext items={visible.map((c) => c.def.key)} strategy={horizontalListSortingStrategy}>
                {visible.map(({ def, width }) => {
                  const index = def.sortField ? sort.findIndex((k) => k.field === def.sortField) : -1;
                  return (
                    <SortableHeader
                      key={def.key}
                      id={def.key}
                      label={def.label}
                      sortable={def.sortField !== undefined}
                      sort={index >= 0 ? sort[index] : undefined}
                      sortIndex={index}
                      multiSort={sort.length > 1}
                      width={width}
                      align={def.align ?? "left"}
                      onSort={(additive) =>
                        def.sortField && onSortChange(nextSort(sort, def.sortField, additive))
                      }
                      onResize={(w) => setLiveWidths((all) => ({ ...all, [def.key]: w }))}
                      onResizeEnd={(w) => setWidth(def.key, w)}
                    />
                  );
                })}
              </SortableContext>
            </div>
          </DndContext>

          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) {
                return (
                  <div
                    key="loading"
                    role="row"
                    className={classes.row}
                    style={{ top: item.start, height: ROW_HEIGHT, width: "100%", gridTemplateColumns: "1fr" }}
                  >
                    <Group gap="xs" px="md" role="gridcell">
                      <Loader size="xs" />
                      <Text size="sm" c="dimmed">
                        {tableText.loadingMore}
                      </Text>
                    </Group>
                  </div>
                );
              }
              const mine = editing.editing?.rowId === row.id;
              return (
                <GridRow<Row>
                  key={row.id}
                  row={row}
                  index={item.index}
                  start={item.start}
                  width={totalWidth}
                  template={template}
                  visible={visible}
                  selected={selected.has(row.id)}
                  activeCol={active.row === item.index ? active.col : -1}
                  editingKey={mine ? (editing.editing?.key ?? null) : null}
                  busy={mine && editing.busy}
                  problem={mine ? editing.problem : null}
                  canEdit={editing.canEdit}
                  api={rowApi}
                />
              );
            })}
          </div>

          {totals && rows.length > 0 && (
            <div className={classes.footer} style={{ gridTemplateColumns: template }}>
              <span />
              {visible.map(({ def }, c) => (
                <div
                  key={def.key}
                  className={`${classes.cell} ${classes.truncate}`}
                  style={{ justifyContent: def.align === "right" ? "flex-end" : undefined }}
                >
                  {totals[def.key] ?? (c === 0 ? tableText.total : null)}
                </div>
              ))}
            </div>
          )}
        </div>
        {!loading && rows.length === 0 && <EmptyRows error={error} onReload={onReload} />}
        {loading && rows.length === 0 && (
          <Group justify="center" py="xl">
            <Loader size="sm" aria-label={tableText.loadingMore} />
          </Group>
        )}
      </div>
      {status}
    </div>
  );
}

type RowApi<Row> = {
  toggle: (id: string) => void;
  focus: (row: number, col: number) => void;
  startEdit: (rowId: string, key: string) => void;
  commit: (row: Row, editor: NonNullable<ColumnDef<Row>["edit"]>, value: string, changed: boolean) => void;
  cancel: () => void;
  reload: () => void;
  onOpen: ((href: string) => void) | undefined;
  rowName: (row: Row) => string;
};

type GridRowProps<Row> = {
  row: Row;
  index: number;
  start: number;
  width: number;
  template: string;
  visible: readonly { def: ColumnDef<Row>; width: number }[];
  selected: boolean;
  /** The active column when the active cell is in this row, else -1. */
  activeCol: number;
  editingKey: string | null;
  busy: boolean;
  problem: CellProblem | null;
  canEdit: boolean;
  api: RefObject<RowApi<Row>>;
};

function GridRowInner<Row extends TableRow>({
  row,
  index,
  start,
  width,
  template,
  visible,
  selected,
  activeCol,
  editingKey,
  busy,
  problem,
  canEdit,
  api,
}: GridRowProps<Row>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-selected={selected || undefined}
      className={classes.row}
      style={{ top: start, height: ROW_HEIGHT, width, gridTemplateColumns: template }}
    >
      <div
        role="gridcell"
        data-cell={`${index}:0`}
        tabIndex={activeCol === 0 ? 0 : -1}
        className={classes.selectCell}
        onFocus={() => api.current.focus(index, 0)}
      >
        <Checkbox
          size="xs"
          tabIndex={-1}
          aria-label={tableText.selectRow(api.current.rowName(row))}
          checked={selected}
          onChange={() => api.current.toggle(row.id)}
        />
      </div>
      {visible.map(({ def }, c) => {
        const col = c + 1;
        const isEditing = editingKey === def.key;
        return (
          <div
            key={def.key}
            role="gridcell"
            data-cell={`${index}:${col}`}
            data-column={def.key}
            tabIndex={activeCol === col ? 0 : -1}
            data-editable={(def.edit && canEdit) || undefined}
            className={classes.cell}
            style={{ justifyContent: def.align === "right" ? "flex-end" : undefined }}
            onFocus={() => api.current.focus(index, col)}
            onDoubleClick={() => def.edit && api.current.startEdit(row.id, def.key)}
          >
            {isEditing && def.edit ? (
              <CellEditorInput
                editor={def.edit}
                row={row}
                label={def.label}
                busy={busy}
                problem={problem}
                onCommit={(value, changed) => api.current.commit(row, def.edit!, value, changed)}
                onCancel={() => api.current.cancel()}
                onReload={() => api.current.reload()}
              />
            ) : (
              <CellContent def={def} row={row} onOpen={api.current.onOpen} />
            )}
          </div>
        );
      })}
    </div>
  );
}

const GridRow = memo(GridRowInner) as typeof GridRowInner;

export function EmptyRows({ error, onReload }: { error?: string | null | undefined; onReload: () => void }) {
  return (
    <Stack align="center" gap={6} py="xl" px="md" ta="center" style={{ position: "sticky", left: 0 }}>
      <Text fw={600}>{error ? tableText.loadFailed : tableText.empty}</Text>
      <Text size="sm" c="dimmed">
        {error ?? tableText.emptyHint}
      </Text>
      {error && (
        <Button size="xs" variant="light" onClick={onReload}>
          {tableText.retry}
        </Button>
      )}
    </Stack>
  );
}

/** A cell's content: a link to the record page, or what the column renders. */
export function CellContent<Row>({
  def,
  row,
  onOpen,
}: {
  def: ColumnDef<Row>;
  row: Row;
  onOpen?: ((href: string) => void) | undefined;
}) {
  const content = def.render(row);
  if (def.href) {
    const href = def.href(row);
    return (
      <a
        href={href}
        tabIndex={-1}
        className={`${classes.link} ${classes.truncate}`}
        onClick={(event) => {
          if (!onOpen || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onOpen(href);
        }}
      >
        {content}
      </a>
    );
  }
  if (typeof content === "string" || typeof content === "number") {
    return <span className={classes.truncate}>{content}</span>;
  }
  return content;
}
