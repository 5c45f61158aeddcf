import type { SessionDto } from "@rapport/core";
import { type QueryClient, queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import { ApiError, api, rememberCsrfToken } from "./api.ts";

export const sessionQuery = queryOptions({
  queryKey: ["session"],
  queryFn: async (): Promise<SessionDto | null> => {
    try {
      const session = await api<SessionDto>("GET", "/auth/session");
      rememberCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        rememberCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

/** Stores a fresh session (after sign-in, sign-up, accept or switch) and drops data of the previous one. */
export function startSession(queryClient: QueryClient, session: SessionDto): void {
  rememberCsrfToken(session.csrfToken);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "session" });
  queryClient.setQueryData(sessionQuery.queryKey, session);
}

/** Forgets the session and everything fetched with it. */
export function endSession(queryClient: QueryClient): void {
  rememberCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "session" });
  queryClient.setQueryData(sessionQuery.queryKey, null);
}

let lastSession: SessionDto | null = null;

/**
 * The signed-in session, for components under the authenticated layout. While signing out, the
 * layout redirects on the next render; until then its children keep the last session they saw.
 */
export function useSession(): SessionDto {
  const { data } = useSuspenseQuery(sessionQuery);
  if (data) lastSession = data;
  if (!lastSession) throw new Error("useSession used outside the signed-in part of the app");
  return lastSession;
}

export function useOptionalSession(): SessionDto | null {
  return useSuspenseQuery(sessionQuery).data;
}
