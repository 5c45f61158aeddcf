import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Badge, Button, Center, Group, Loader, Text, Title, Tooltip } from "@mantine/core";
import type { DealDto, StageDto } from "@rapport/core";
import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";
import { defaultRangeExtractor, type Range, useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { messageOf } from "../../ui/form.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { formatMoney, formatNumber } from "../../ui/format.ts";
import { type BoardFilter, type ColumnPage, columnQuery } from "./api.ts";
import classes from "./board.module.css";
import { type CardContext, SortableDealCard } from "./deal-card.tsx";
import { pipelineText as text } from "./text.ts";

export type StageFigures = {
  count: number;
  amount?: number | undefined;
  weightedAmount?: number | undefined;
};

/** A card's height before it is measured: name on one line, amount, company, close date and owner. */
const CARD_ESTIMATE = 112;
/** Space between cards, as the column's padding. */
const CARD_GAP = 8;
/** The next page is fetched while this many loaded cards are still below the last one drawn. */
const PREFETCH_CARDS = 20;

export function columnDeals(data: InfiniteData<ColumnPage, unknown> | undefined): DealDto[] {
  return data?.pages.flatMap((p) => p.data) ?? [];
}

/**
 * One stage of the board. Its cards are virtualized: only those near the column's viewport are in
 * the page, so a column that has loaded thousands of deals costs what a screenful does. The card
 * being dragged is always kept drawn — dnd-kit needs its node until the drop.
 */
export function BoardColumn({
  stage,
  figures,
  baseCurrency,
  filter,
  highlight,
  activeId,
  saving,
  context,
}: {
  stage: StageDto;
  figures: StageFigures | undefined;
  baseCurrency: string | undefined;
  filter: BoardFilter;
  highlight: boolean;
  /** The deal being dragged, wherever it comes from. */
  activeId: string | null;
  saving: ReadonlySet<string>;
  context: CardContext;
}) {
  const column = useInfiniteQuery(columnQuery(stage.id, filter));
  const { setNodeRef } = useDroppable({ id: `stage:${stage.id}`, data: { type: "stage", stage } });
  const deals = useMemo(() => columnDeals(column.data), [column.data]);
  const ids = useMemo(() => deals.map((d) => d.id), [deals]);
  const companies = useMemo(
    () => Object.assign({}, ...(column.data?.pages.map((p) => p.companies) ?? [])) as Record<string, string>,
    [column.data],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = column;

  const scrollerRef = useRef<HTMLDivElement>(null);
  const activeIndex = activeId === null ? -1 : ids.indexOf(activeId);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const drawn = defaultRangeExtractor(range);
      if (activeIndex < 0 || drawn.includes(activeIndex)) return drawn;
      return [...drawn, activeIndex].sort((a, b) => a - b);
    },
    [activeIndex],
  );
  const itemKey = useCallback((index: number) => ids[index] ?? "more", [ids]);
  const virtualizer = useVirtualizer({
    count: deals.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => CARD_ESTIMATE,
    getItemKey: itemKey,
    gap: CARD_GAP,
    paddingStart: CARD_GAP,
    paddingEnd: CARD_GAP,
    overscan: 4,
    rangeExtractor,
    // Six columns scrolling at once render together in one batch, not each synchronously.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  // Load the next page while the end of what is loaded is still a screen or two away.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= deals.length - PREFETCH_CARDS)
      void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, deals.length, fetchNextPage]);

  const headingId = `stage-${stage.id}-title`;
  const setSize = figures?.count ?? (hasNextPage ? -1 : deals.length);
  return (
    <section
      ref={setNodeRef}
      className={[classes.column, highlight ? classes.columnOver : ""].join(" ")}
      aria-label={text.columnLabel(stage.name)}
      data-stage-id={stage.id}
    >
      <div className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={3} fz="sm" id={headingId} lineClamp={1}>
            {stage.name}
          </Title>
          <Group gap={4} wrap="nowrap">
            {stage.kind !== "open" && (
              <Badge size="xs" variant="light" color={stage.kind === "won" ? "teal" : "red"}>
                {text.kinds[stage.kind]}
              </Badge>
            )}
            <Badge size="xs" variant="default">
              {text.probability(stage.probability)}
            </Badge>
          </Group>
        </Group>
        <Group gap="xs" mt={4} justify="space-between" wrap="nowrap" data-testid="stage-figures">
          <Text size="xs" c="dimmed" data-testid="stage-count">
            {figures === undefined
              ? "…"
              : figures.count === 1
                ? text.countOne
                : text.count(formatNumber(figures.count))}
          </Text>
          {/* Without amounts (hidden from the role) the server sends counts only. */}
          {figures?.amount !== undefined && figures.weightedAmount !== undefined && baseCurrency && (
            <Group gap={6} wrap="nowrap">
              <Text size="xs" fw={600} data-testid="stage-amount" title={text.total}>
                {formatMoney(figures.amount, baseCurrency, { compact: figures.amount >= 100_000 })}
              </Text>
              <Tooltip label={text.weightedHint(stage.probability)} withArrow>
                <Text size="xs" c="dimmed" data-testid="stage-weighted" tabIndex={0}>
                  {`${text.weighted} ${formatMoney(figures.weightedAmount, baseCurrency, {
                    compact: figures.weightedAmount >= 100_000,
                  })}`}
                </Text>
              </Tooltip>
            </Group>
          )}
        </Group>
      </div>
      <div ref={scrollerRef} className={classes.cards}>
        {column.isPending ? (
          <Center py="md">
            <Loader size="sm" aria-label={text.loading} />
          </Center>
        ) : column.isError ? (
          <FormAlert error={messageOf(column.error)} />
        ) : deals.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="lg">
            {text.empty}
          </Text>
        ) : (
          <SortableContext items={ids} strategy={verticalListSortingStrategy}>
            <ul
              aria-labelledby={headingId}
              className={classes.cardList}
              style={{ height: virtualizer.getTotalSize() }}
            >
              {items.map((item) => {
                const deal = deals[item.index];
                return (
                  <li
                    key={item.key}
                    aria-posinset={deal ? item.index + 1 : undefined}
                    aria-setsize={deal ? setSize : undefined}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className={classes.cardSlot}
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    {deal ? (
                      <SortableDealCard
                        deal={deal}
                        companyName={deal.companyId ? companies[deal.companyId] : undefined}
                        saving={saving.has(deal.id)}
                        context={context}
                      />
                    ) : (
                      <Center>
                        <Button
                          variant="subtle"
                          size="xs"
                          loading={isFetchingNextPage}
                          onClick={() => fetchNextPage()}
                        >
                          {text.loadMore}
                        </Button>
                      </Center>
                    )}
                  </li>
                );
              })}
            </ul>
          </SortableContext>
        )}
      </div>
    </section>
  );
}
