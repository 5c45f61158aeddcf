import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiError } from "./app/api.ts";
import { createAppRouter } from "./app/router.tsx";
import { endSession, sessionQuery } from "./app/session.ts";
import { colorSchemeManager, cssVariablesResolver, theme } from "./app/theme.ts";

/** A 401 on a read means the session ended elsewhere (expired, signed out, password changed). */
function onQueryError(error: unknown) {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  if (!queryClient.getQueryData(sessionQuery.queryKey)) return;
  endSession(queryClient);
  void router.navigate({ to: "/sign-in", search: { redirect: router.state.location.href } });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onQueryError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status < 500 && error.status > 0) && failures < 2,
    },
  },
});
const router = createAppRouter(queryClient);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

// The service worker keeps the app shell for offline starts and installing as an app. Production
// builds only: in development it would serve stale modules to Vite's dev server.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((error: unknown) => {
      console.warn("Rapport could not register its service worker; it works online only.", error);
    });
  });
}
