import { notifications } from "@mantine/notifications";
import type { DealDto, StageDto } from "@rapport/core";
import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { ApiError } from "../../app/api.ts";
import { messageOf } from "../../ui/form.ts";
import { type BoardFilter, boardApi, type ColumnPage, columnKey } from "./api.ts";
import { pipelineText as text } from "./text.ts";

type Column = InfiniteData<ColumnPage, string | null>;

/** A move asked for by a drop or the "Move to…" menu. */
export type Move = {
  deal: DealDto;
  to: StageDto;
  /** Index among the target column's loaded cards (after removing the deal). */
  index: number;
  /** Where the deal goes in the column; without it the server puts it on top. */
  boardPosition?: string;
  lostReason?: string;
  /** Say in a notification that it worked (menu moves: the card may have left the screen). */
  announce?: boolean;
};

function without(column: Column, id: string): Column {
  return { ...column, pages: column.pages.map((p) => ({ ...p, data: p.data.filter((d) => d.id !== id) })) };
}

function inserted(column: Column, deal: DealDto, index: number, companyName: string | undefined): Column {
  let remaining = index;
  let done = false;
  const pages = column.pages.map((page, i) => {
    if (done) return page;
    if (remaining > page.data.length && i < column.pages.length - 1) {
      remaining -= page.data.length;
      return page;
    }
    done = true;
    const data = [...page.data];
    data.splice(Math.min(remaining, data.length), 0, deal);
    const companies =
      deal.companyId && companyName ? { ...page.companies, [deal.companyId]: companyName } : page.companies;
    return { ...page, data, companies };
  });
  return { ...column, pages };
}

function replaced(column: Column, deal: DealDto): Column {
  return {
    ...column,
    pages: column.pages.map((p) => ({ ...p, data: p.data.map((d) => (d.id === deal.id ? deal : d)) })),
  };
}

/**
 * Moves deals on the board: the card moves at once, the PATCH (with If-Match) follows, and a failed
 * save puts the card back and says why. A deal being saved cannot be moved again until it is done.
 */
export function useMoveDeal(filter: BoardFilter) {
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());

  const move = useCallback(
    async ({ deal, to, index, boardPosition, lostReason, announce }: Move) => {
      const fromKey = columnKey(deal.stageId, filter);
      const toKey = columnKey(to.id, filter);
      await Promise.all([
        queryClient.cancelQueries({ queryKey: fromKey }),
        queryClient.cancelQueries({ queryKey: toKey }),
      ]);
      const fromBefore = queryClient.getQueryData<Column>(fromKey);
      const toBefore = queryClient.getQueryData<Column>(toKey);
      const companyName = fromBefore?.pages.find((p) => deal.companyId && p.companies[deal.companyId])
        ?.companies[deal.companyId ?? ""];
      const optimistic: DealDto = {
        ...deal,
        stageId: to.id,
        status: to.kind,
        boardPosition: boardPosition ?? deal.boardPosition,
        lostReason: to.kind === "lost" ? (lostReason ?? deal.lostReason) : null,
      };
      if (fromBefore) queryClient.setQueryData<Column>(fromKey, without(fromBefore, deal.id));
      const target = queryClient.getQueryData<Column>(toKey);
      if (target)
        queryClient.setQueryData<Column>(
          toKey,
          inserted(without(target, deal.id), optimistic, index, companyName),
        );
      setSaving((s) => new Set(s).add(deal.id));

      try {
        const saved = await boardApi.moveDeal(deal, {
          stageId: to.id,
          ...(boardPosition !== undefined ? { boardPosition } : {}),
          ...(to.kind === "lost" && lostReason ? { lostReason } : {}),
        });
        const now = queryClient.getQueryData<Column>(toKey);
        if (now) queryClient.setQueryData<Column>(toKey, replaced(now, saved));
        if (announce) {
          notifications.show({ color: "teal", message: text.moved(deal.name, to.name) });
        }
      } catch (error) {
        if (fromBefore) queryClient.setQueryData(fromKey, fromBefore);
        if (toBefore && to.id !== deal.stageId) queryClient.setQueryData(toKey, toBefore);
        const conflict = error instanceof ApiError && error.status === 412;
        notifications.show({
          color: "red",
          title: text.moveFailed,
          message: conflict ? text.changedMeanwhile(deal.name) : messageOf(error),
          autoClose: 10_000,
        });
        if (conflict) {
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: fromKey }),
            queryClient.invalidateQueries({ queryKey: toKey }),
          ]);
        }
      } finally {
        setSaving((s) => {
          const next = new Set(s);
          next.delete(deal.id);
          return next;
        });
        await queryClient.invalidateQueries({ queryKey: ["deals", "summary"] });
      }
    },
    [filter, queryClient],
  );

  return { move, saving };
}
