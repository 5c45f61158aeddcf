import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Menu, Text } from "@mantine/core";
import type { DealDto, StageDto } from "@rapport/core";
import { IconArrowsRightLeft, IconBuilding, IconCalendar, IconGripVertical } from "@tabler/icons-react";
import {
  type KeyboardEventHandler,
  memo,
  type SyntheticEvent,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { formatDay, formatMoney } from "../../ui/format.ts";
import classes from "./board.module.css";
import { pipelineText as text } from "./text.ts";

export type CardContext = {
  stages: StageDto[];
  ownerName: (id: string | null) => string | null;
  canMove: boolean;
  onMoveTo: (deal: DealDto, stage: StageDto) => void;
};

const stop = (event: SyntheticEvent) => event.stopPropagation();

function initials(name: string) {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/**
 * A card on the board that can be dragged (mouse, touch after a press, keyboard on its handle).
 * Memoized: a scrolling column re-renders on every frame, its cards only when they change.
 */
export const SortableDealCard = memo(function SortableDealCard({
  deal,
  companyName,
  saving,
  context,
}: {
  deal: DealDto;
  companyName: string | undefined;
  saving: boolean;
  context: CardContext;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: deal.id, data: { type: "deal", deal }, disabled: !context.canMove || saving });
  // Mouse and touch drag the whole card; the keyboard picks it up from the handle only, so the
  // "Move to…" button inside keeps its own keys.
  const { onKeyDown, ...pointer } = listeners ?? {};
  // dnd-kit re-renders every sortable card whenever a card registers or leaves, which a scrolling
  // virtualized column does each frame; the handle and the body are kept from re-rendering with it.
  const handle = useMemo(
    () =>
      context.canMove ? (
        <ActionIcon
          ref={setActivatorNodeRef}
          variant="subtle"
          color="gray"
          size="sm"
          className={classes.handle}
          {...attributes}
          onKeyDown={onKeyDown as KeyboardEventHandler | undefined}
          aria-label={text.dragHandle(deal.name)}
          disabled={saving}
        >
          <IconGripVertical size={16} />
        </ActionIcon>
      ) : null,
    [context.canMove, setActivatorNodeRef, attributes, onKeyDown, deal.name, saving],
  );
  return (
    <div
      ref={setNodeRef}
      className={[
        classes.card,
        isDragging ? classes.cardDragging : "",
        saving ? classes.cardSaving : "",
      ].join(" ")}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-deal-id={deal.id}
      aria-busy={saving || undefined}
      {...pointer}
    >
      <DealCardBody deal={deal} companyName={companyName} context={context} handle={handle} />
    </div>
  );
});

/** What a card shows; also drawn under the pointer while dragging. */
export const DealCardBody = memo(function DealCardBody({
  deal,
  companyName,
  context,
  handle,
  overlay = false,
}: {
  deal: DealDto;
  companyName: string | undefined;
  context: CardContext;
  handle?: React.ReactNode;
  overlay?: boolean;
}) {
  const owner = context.ownerName(deal.ownerId);
  // Plain elements styled by the module, not Mantine layout components: a fast-scrolling column
  // mounts a few cards every frame, and each Mantine box costs a props-and-styles pass.
  return (
    <div className={[classes.cardBody, overlay ? classes.overlay : ""].join(" ")}>
      {handle}
      <div className={classes.cardMain}>
        <p className={classes.cardName} data-testid="deal-name">
          {deal.name}
        </p>
        {/* A role with deal amounts hidden gets deals without the property: no amount line at all. */}
        {deal.amount !== undefined && (
          <p className={deal.amount === null ? classes.cardAmountNone : classes.cardAmount}>
            {deal.amount === null ? text.noAmount : formatMoney(deal.amount, deal.currency)}
          </p>
        )}
        {companyName && (
          <p className={classes.cardLine}>
            <IconBuilding size={14} aria-hidden />
            <span className={classes.truncate}>{companyName}</span>
          </p>
        )}
        <div className={classes.cardFooter}>
          {deal.expectedCloseDate ? (
            <p className={classes.cardLine}>
              <IconCalendar size={14} aria-hidden />
              <span>{text.closeDate(formatDay(deal.expectedCloseDate))}</span>
            </p>
          ) : (
            <span />
          )}
          <p className={classes.cardLine}>
            <span className={classes.avatar} aria-hidden>
              {owner ? initials(owner) : "–"}
            </span>
            <span className={classes.owner}>{owner ?? text.unassigned}</span>
          </p>
        </div>
      </div>
      {context.canMove && !overlay && <MoveMenu deal={deal} context={context} />}
    </div>
  );
});

/**
 * The "Move to…" button. Its Mantine menu (a popover with floating positioning) is mounted on the
 * first click only: a scrolling column mounts cards every frame, and few of them are ever moved.
 */
function MoveMenu({ deal, context }: { deal: DealDto; context: CardContext }) {
  const [mounted, setMounted] = useState(false);
  const [opened, setOpened] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  // The first click replaced the button: focus the new one before opening, so that the menu
  // remembers it and hands focus back to it on close.
  useEffect(() => {
    if (!mounted) return;
    triggerRef.current?.focus();
    setOpened(true);
  }, [mounted]);
  const trigger = (
    <ActionIcon
      ref={triggerRef}
      variant="subtle"
      color="gray"
      size="sm"
      aria-label={text.moveMenuLabel(deal.name)}
      aria-haspopup="menu"
      onPointerDown={stop}
      onTouchStart={stop}
      onKeyDown={(event) => {
        stop(event);
        // Escape closes the menu even before its focus trap has moved focus into the dropdown.
        if (event.key === "Escape") setOpened(false);
      }}
      onMouseDown={stop}
      onClick={mounted ? undefined : () => setMounted(true)}
    >
      <IconArrowsRightLeft size={16} />
    </ActionIcon>
  );
  if (!mounted) return trigger;
  return (
    <Menu position="bottom-end" shadow="md" withinPortal returnFocus opened={opened} onChange={setOpened}>
      <Menu.Target>{trigger}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{text.moveTo}</Menu.Label>
        {context.stages.map((stage) => (
          <Menu.Item
            key={stage.id}
            disabled={stage.id === deal.stageId}
            onClick={() => context.onMoveTo(deal, stage)}
            rightSection={
              stage.id === deal.stageId ? (
                <Text size="xs" c="dimmed">
                  {text.currentStage}
                </Text>
              ) : stage.kind !== "open" ? (
                <Text size="xs" c={stage.kind === "won" ? "teal" : "red"}>
                  {text.kinds[stage.kind]}
                </Text>
              ) : null
            }
          >
            {stage.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
