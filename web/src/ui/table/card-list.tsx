import { Checkbox, Group, Loader, Paper, Text, UnstyledButton } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { CellEditorInput } from "./cell-editor.tsx";
import { CellContent, type DataTableProps, EmptyRows, visibleColumns } from "./data-table.tsx";
import classes from "./table.module.css";
import { tableText } from "./text.ts";
import type { TableRow } from "./types.ts";
import { useCellEditing } from "./use-cell-editing.ts";

const PREFETCH_CARDS = 15;

/**
 * The table on a phone: one card per record, its first column as the title and the other visible
 * columns as labelled lines; still virtualized, selectable and editable in place.
 */
export function CardList<Row extends TableRow>({
  label,
  columns,
  layout,
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
  const visible = visibleColumns(columns, layout);
  const [title, ...fields] = visible;
  const editing = useCellEditing<Row>(onCellEdit, () => {});
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => 56 + fields.length * 28,
    overscan: 4,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && !loading && lastIndex >= rows.length - PREFETCH_CARDS) onLoadMore();
  }, [hasMore, loadingMore, loading, lastIndex, rows.length, onLoadMore]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  return (
    <div>
      <div
        ref={scrollerRef}
        role="list"
        aria-label={label}
        className={classes.scroller}
        style={{ height, minHeight: 280, border: "none", background: "transparent" }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) {
              return (
                <Group key="loading" gap="xs" p="md" className={classes.card} style={{ top: item.start }}>
                  <Loader size="xs" />
                  <Text size="sm" c="dimmed">
                    {tableText.loadingMore}
                  </Text>
                </Group>
              );
            }
            const isSelected = selected.has(row.id);
            return (
              <div
                key={row.id}
                role="listitem"
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={classes.card}
                style={{ top: 0, transform: `translateY(${item.start}px)` }}
              >
                <Paper
                  withBorder
                  radius="md"
                  p="sm"
                  bg={isSelected ? "var(--mantine-primary-color-light)" : undefined}
                >
                  <Group gap="sm" wrap="nowrap" mb={fields.length ? 4 : 0}>
                    <Checkbox
                      aria-label={tableText.selectRow(rowName(row))}
                      checked={isSelected}
                      onChange={() => toggle(row.id)}
                    />
                    <Text fw={600} size="sm" miw={0} className={classes.truncate}>
                      {title ? (
                        <CellContent def={{ ...title.def }} row={row} onOpen={onOpen} />
                      ) : (
                        rowName(row)
                      )}
                    </Text>
                  </Group>
                  {fields.map(({ def }) => {
                    const isEditing = editing.isEditing(row.id, def.key);
                    return (
                      <div key={def.key} className={classes.cardField} data-column={def.key}>
                        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                          {def.label}
                        </Text>
                        <div className={classes.cardValue}>
                          {isEditing && def.edit ? (
                            <CellEditorInput
                              editor={def.edit}
                              row={row}
                              label={def.label}
                              busy={editing.busy}
                              problem={editing.problem}
                              onCommit={(value, changed) => editing.commit(row, def.edit!, value, changed)}
                              onCancel={editing.cancel}
                              onReload={() => {
                                editing.cancel();
                                onReload();
                              }}
                            />
                          ) : def.edit && editing.canEdit ? (
                            <UnstyledButton
                              aria-label={`${tableText.edit(def.label)}: ${def.text?.(row) ?? ""}`}
                              onClick={() => editing.start(row.id, def.key)}
                              className={classes.truncate}
                              fz="sm"
                              maw="100%"
                            >
                              <CellContent def={def} row={row} />
                            </UnstyledButton>
                          ) : (
                            <CellContent def={def} row={row} onOpen={onOpen} />
                          )}
                        </div>
                      </div>
                    );
                  })}
                </Paper>
              </div>
            );
          })}
        </div>
        {!loading && rows.length === 0 && <EmptyRows error={error} onReload={onReload} />}
        {loading && rows.length === 0 && (
          <Group justify="center" py="xl">
            <Loader size="sm" aria-label={tableText.loadingMore} />
          </Group>
        )}
      </div>
      <Group justify="space-between" mt={6} gap="xs" aria-live="polite">
        <Text size="xs" c="dimmed" data-testid="record-count">
          {total !== undefined ? tableText.records(total) : tableText.recordsLoaded(rows.length, undefined)}
          {selected.size > 0 ? ` · ${tableText.selected(selected.size)}` : ""}
        </Text>
        {totals && visible.some(({ def }) => totals[def.key]) && (
          <Text size="xs" fw={600}>
            {tableText.total}: {visible.map(({ def }) => totals[def.key]).find(Boolean)}
          </Text>
        )}
      </Group>
    </div>
  );
}
