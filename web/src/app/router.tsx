import { Button, Center, Stack, Text, Title } from "@mantine/core";
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  Link,
  lazyRouteComponent,
  Navigate,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { safeRedirect } from "../features/auth/api.ts";
import { messageOf } from "../ui/form.ts";
import { PageLoader } from "../ui/page.tsx";
import { uiText } from "../ui/text.ts";
import { sessionQuery, useOptionalSession } from "./session.ts";
import { Shell } from "./shell.tsx";

type RouterContext = { queryClient: QueryClient };

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

// Public pages: signed-in visitors are sent into the app.
const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "public",
  beforeLoad: async ({ context }) => {
    if (await context.queryClient.ensureQueryData(sessionQuery)) throw redirect({ to: "/contacts" });
  },
  component: Outlet,
});

const signInRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: "sign-in",
  validateSearch: (search: Record<string, unknown>): { redirect?: string; reset?: boolean } => ({
    redirect: safeRedirect(search.redirect),
    reset: search.reset === true || search.reset === "true" ? true : undefined,
  }),
  component: lazyRouteComponent(() => import("../features/auth/sign-in-page.tsx"), "SignInPage"),
});
const signUpRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: "sign-up",
  component: lazyRouteComponent(() => import("../features/auth/sign-up-page.tsx"), "SignUpPage"),
});
const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: "forgot-password",
  component: lazyRouteComponent(
    () => import("../features/auth/forgot-password-page.tsx"),
    "ForgotPasswordPage",
  ),
});
const resetPasswordRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: "reset-password",
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({
    token: typeof search.token === "string" ? search.token : undefined,
  }),
  component: lazyRouteComponent(
    () => import("../features/auth/reset-password-page.tsx"),
    "ResetPasswordPage",
  ),
});

// Open whether or not someone is signed in: a signed-in user may be joining a second workspace.
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invite/$token",
  component: lazyRouteComponent(() => import("../features/auth/accept-invite-page.tsx"), "AcceptInvitePage"),
});

// The signed-in app: signed-out visitors are sent to sign in and brought back afterwards.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
    // A workspace that requires two-factor sign-in sends members without it to set it up first.
    const mustEnrol = session.workspace.requireTwoFactor && !session.user.twoFactorEnabled;
    if (mustEnrol && location.pathname !== "/settings/security") throw redirect({ to: "/settings/security" });
  },
  component: AppLayout,
});

function AppLayout() {
  // Signing out clears the session while this layout is still on screen.
  if (!useOptionalSession()) return <Navigate to="/sign-in" />;
  return <Shell />;
}

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/contacts" });
  },
});

/** The saved view a table opens with (`?view=<id>`, or `all` for none). */
const viewSearch = (search: Record<string, unknown>): { view?: string } =>
  typeof search.view === "string" ? { view: search.view } : {};

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "contacts",
  validateSearch: viewSearch,
  component: lazyRouteComponent(() => import("../features/contacts/contacts-page.tsx"), "ContactsPage"),
});
const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "companies",
  validateSearch: viewSearch,
  component: lazyRouteComponent(() => import("../features/companies/companies-page.tsx"), "CompaniesPage"),
});
const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "deals",
  validateSearch: viewSearch,
  component: lazyRouteComponent(() => import("../features/deals/deals-page.tsx"), "DealsPage"),
});
/** An import's screen (`?id=<import id>` once a file is staged). */
const importSearch = (search: Record<string, unknown>): { id?: string } =>
  typeof search.id === "string" ? { id: search.id } : {};
const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "contacts/import",
  validateSearch: importSearch,
  component: lazyRouteComponent(() => import("../features/imports/import-page.tsx"), "ContactsImportPage"),
});
const companiesImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "companies/import",
  validateSearch: importSearch,
  component: lazyRouteComponent(() => import("../features/imports/import-page.tsx"), "CompaniesImportPage"),
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "contacts/$id",
  component: lazyRouteComponent(() => import("../features/contacts/contact-page.tsx"), "ContactPage"),
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "companies/$id",
  component: lazyRouteComponent(() => import("../features/companies/company-page.tsx"), "CompanyPage"),
});
const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "deals/$id",
  component: lazyRouteComponent(() => import("../features/deals/deal-page.tsx"), "DealPage"),
});
const pipelineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pipeline",
  validateSearch: (search: Record<string, unknown>): { pipeline?: string; view?: string } => ({
    pipeline: typeof search.pipeline === "string" ? search.pipeline : undefined,
    view: typeof search.view === "string" ? search.view : undefined,
  }),
  component: lazyRouteComponent(() => import("../features/pipeline/board-page.tsx"), "BoardPage"),
});
const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "tasks",
  validateSearch: viewSearch,
  component: lazyRouteComponent(() => import("../features/tasks/tasks-page.tsx"), "TasksPage"),
});
const myTasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "tasks/mine",
  // `?task=<id>` picks out one task (a notification opened it).
  validateSearch: (search: Record<string, unknown>): { task?: string } =>
    typeof search.task === "string" ? { task: search.task } : {},
  component: lazyRouteComponent(() => import("../features/tasks/my-tasks-page.tsx"), "MyTasksPage"),
});
const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "duplicates",
  component: lazyRouteComponent(() => import("../features/duplicates/duplicates-page.tsx"), "DuplicatesPage"),
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "reports",
  component: lazyRouteComponent(() => import("../features/reports/reports-page.tsx"), "ReportsPage"),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("../features/settings/settings-layout.tsx"), "SettingsLayout"),
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/settings/profile" });
  },
});
const profileRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "profile",
  component: lazyRouteComponent(() => import("../features/settings/profile-page.tsx"), "ProfilePage"),
});
const passwordRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "password",
  component: lazyRouteComponent(() => import("../features/settings/password-page.tsx"), "PasswordPage"),
});
const workspaceRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "workspace",
  component: lazyRouteComponent(() => import("../features/settings/workspace-page.tsx"), "WorkspacePage"),
});
const membersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "members",
  component: lazyRouteComponent(() => import("../features/settings/members-page.tsx"), "MembersPage"),
});

// CRM settings: everyone reads them; the pages offer editing to admins (the server enforces it).
const pipelinesSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "pipelines",
  component: lazyRouteComponent(() => import("../features/crm-settings/pipelines-page.tsx"), "PipelinesPage"),
});
const customFieldsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "fields",
  component: lazyRouteComponent(
    () => import("../features/crm-settings/custom-fields-page.tsx"),
    "CustomFieldsPage",
  ),
});
const tagsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "tags",
  component: lazyRouteComponent(() => import("../features/crm-settings/tags-page.tsx"), "TagsPage"),
});
const currenciesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "currencies",
  component: lazyRouteComponent(
    () => import("../features/crm-settings/currencies-page.tsx"),
    "CurrenciesPage",
  ),
});

/** Admin-only settings send members and viewers back to their profile; the server refuses them too. */
async function requireAdmin({ context }: { context: RouterContext }) {
  const session = await context.queryClient.ensureQueryData(sessionQuery);
  if (!session?.permissions.administer) throw redirect({ to: "/settings/profile" });
}

const invitationsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "invitations",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/settings/invitations-page.tsx"), "InvitationsPage"),
});
const rolesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "roles",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/roles/roles-page.tsx"), "RolesPage"),
});
const teamsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "teams",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/teams/teams-page.tsx"), "TeamsPage"),
});
const apiKeysRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "api-keys",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/settings/api-keys-page.tsx"), "ApiKeysPage"),
});

const securityRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "security",
  component: lazyRouteComponent(() => import("../features/security/security-page.tsx"), "SecurityPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "audit",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/audit/audit-page.tsx"), "AuditPage"),
});

const jobsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "jobs",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/settings/jobs-page.tsx"), "JobsPage"),
});

const webhooksRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "webhooks",
  beforeLoad: requireAdmin,
  component: lazyRouteComponent(() => import("../features/settings/webhooks-page.tsx"), "WebhooksPage"),
});

const routeTree = rootRoute.addChildren([
  publicRoute.addChildren([signInRoute, signUpRoute, forgotPasswordRoute, resetPasswordRoute]),
  inviteRoute,
  appRoute.addChildren([
    homeRoute,
    contactsRoute,
    companiesRoute,
    dealsRoute,
    importRoute,
    companiesImportRoute,
    contactRoute,
    companyRoute,
    dealRoute,
    pipelineRoute,
    tasksRoute,
    myTasksRoute,
    reportsRoute,
    duplicatesRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      profileRoute,
      passwordRoute,
      securityRoute,
      workspaceRoute,
      membersRoute,
      pipelinesSettingsRoute,
      customFieldsRoute,
      tagsRoute,
      currenciesRoute,
      invitationsRoute,
      rolesRoute,
      teamsRoute,
      apiKeysRoute,
      jobsRoute,
      auditRoute,
      webhooksRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    // Data lives in TanStack Query; the router only needs to know about freshness for preloading.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PageLoader,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <Center py={64} px="md">
      <Stack align="center" gap="sm" maw={480} ta="center">
        <Title order={2} fz="h3">
          {uiText.errorTitle}
        </Title>
        <Text c="dimmed">{messageOf(error)}</Text>
        <Button variant="default" onClick={reset}>
          {uiText.retry}
        </Button>
      </Stack>
    </Center>
  );
}

function NotFound() {
  return (
    <Center mih="100dvh" px="md">
      <Stack align="center" gap="sm" ta="center">
        <Title order={1} fz="h2">
          {uiText.notFoundTitle}
        </Title>
        <Text c="dimmed">{uiText.notFoundBody}</Text>
        <Button renderRoot={(props) => <Link to="/" {...props} />}>{uiText.goHome}</Button>
      </Stack>
    </Center>
  );
}
