import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Badge, Button, Center, Group, Loader, Stack, Text, Title, Tooltip } from "@mantine/core";
import type { DealDto, StageDto } from "@rapport/core";
import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
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

export function columnDeals(data: InfiniteData<ColumnPage, unknown> | undefined): DealDto[] {
  return data?.pages.flatMap((p) => p.data) ?? [];
}

export function BoardColumn({
  stage,
  figures,
  baseCurrency,
  filter,
  highlight,
  saving,
  context,
}: {
  stage: StageDto;
  figures: StageFigures | undefined;
  baseCurrency: string | undefined;
  filter: BoardFilter;
  highlight: boolean;
  saving: ReadonlySet<string>;
  context: CardContext;
}) {
  const column = useInfiniteQuery(columnQuery(stage.id, filter));
  const { setNodeRef } = useDroppable({ id: `stage:${stage.id}`, data: { type: "stage", stage } });
  const deals = useMemo(() => columnDeals(column.data), [column.data]);
  const companies = useMemo(
    () => Object.assign({}, ...(column.data?.pages.map((p) => p.companies) ?? [])) as Record<string, string>,
    [column.data],
  );
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = column;

  // Load the next page as the end of the column scrolls into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root: node.parentElement, rootMargin: "400px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const headingId = `stage-${stage.id}-title`;
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
      <div className={classes.cards}>
        {column.isPending ? (
          <Center py="md">
            <Loader size="sm" aria-label={text.loading} />
          </Center>
        ) : column.isError ? (
          <FormAlert error={messageOf(column.error)} />
        ) : (
          <SortableContext items={deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
            {deals.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                {text.empty}
              </Text>
            )}
            {deals.map((deal) => (
              <SortableDealCard
                key={deal.id}
                deal={deal}
                companyName={deal.companyId ? companies[deal.companyId] : undefined}
                saving={saving.has(deal.id)}
                context={context}
              />
            ))}
          </SortableContext>
        )}
        {hasNextPage && (
          <Stack ref={sentinel} align="center" py="xs">
            <Button variant="subtle" size="xs" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
              {text.loadMore}
            </Button>
          </Stack>
        )}
      </div>
    </section>
  );
}
