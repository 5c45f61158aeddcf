import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { messageOf } from "./form.ts";
import { FormAlert } from "./form-alert.tsx";
import { PageLoader } from "./page.tsx";

/** A list query's state: a loader while it loads, its error, `empty` when it has no items, else `children`. */
export function QueryView<T>({
  query,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <FormAlert error={messageOf(query.error)} />;
  if (query.data.length === 0) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
