import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Checkbox, Group, UnstyledButton } from "@mantine/core";
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from "@rapport/core";
import { IconArrowDown, IconArrowUp, IconGripVertical } from "@tabler/icons-react";
import type { KeyboardEvent, MouseEvent, PointerEvent } from "react";
import type { SortKey } from "./sort.ts";
import classes from "./table.module.css";
import { tableText } from "./text.ts";

/** A column header: drag handle, sort button (shift-click adds a key), resize handle. */
export function SortableHeader({
  id,
  label,
  sortable,
  sortIndex,
  sort,
  multiSort,
  width,
  align,
  onSort,
  onResize,
  onResizeEnd,
}: {
  id: string;
  label: string;
  sortable: boolean;
  sortIndex: number;
  sort: SortKey | undefined;
  multiSort: boolean;
  width: number;
  align: "left" | "right";
  onSort: (additive: boolean) => void;
  onResize: (width: number) => void;
  onResizeEnd: (width: number) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  const ariaSort = sort ? (sort.desc ? "descending" : "ascending") : sortable ? "none" : undefined;
  const clamp = (w: number) => Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Math.round(w)));

  const startResize = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    let next = width;
    const move = (e: globalThis.PointerEvent) => {
      next = clamp(width + e.clientX - startX);
      onResize(next);
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      onResizeEnd(next);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };
  const resizeByKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 50 : 10;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      event.stopPropagation();
      onResizeEnd(clamp(width + (event.key === "ArrowRight" ? step : -step)));
    }
  };

  return (
    <div
      ref={setNodeRef}
      role="columnheader"
      aria-sort={ariaSort}
      className={classes.headerCell}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      <Group gap={2} wrap="nowrap" w="100%" justify={align === "right" ? "flex-end" : "flex-start"}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="xs"
          className={classes.grip}
          aria-label={tableText.reorderColumn(label)}
          {...attributes}
          {...listeners}
        >
          <IconGripVertical size={12} />
        </ActionIcon>
        {sortable ? (
          <UnstyledButton
            className={classes.headerLabel}
            title={tableText.sortBy(label)}
            onClick={(event: MouseEvent) => onSort(event.shiftKey)}
            onKeyDown={(event) => event.stopPropagation()}
          >
            <span className={classes.truncate}>{label}</span>
            {sort && (sort.desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
            {sort && multiSort && <span className={classes.sortIndex}>{sortIndex + 1}</span>}
          </UnstyledButton>
        ) : (
          <span className={`${classes.headerLabel} ${classes.truncate}`}>{label}</span>
        )}
      </Group>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label={tableText.resizeColumn(label)}
        aria-valuenow={width}
        aria-valuemin={MIN_COLUMN_WIDTH}
        aria-valuemax={MAX_COLUMN_WIDTH}
        tabIndex={0}
        className={classes.resizer}
        onPointerDown={startResize}
        onKeyDown={resizeByKey}
      />
    </div>
  );
}

export function SelectAllHeader({
  checked,
  indeterminate,
  onChange,
}: {
  checked: boolean;
  indeterminate: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div role="columnheader" className={classes.selectCell}>
      <Checkbox
        size="xs"
        aria-label={tableText.selectAll}
        checked={checked}
        indeterminate={indeterminate}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    </div>
  );
}
