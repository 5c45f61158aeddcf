import {
  ActionIcon,
  AppShell,
  Avatar,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import type { SessionDto } from "@rapport/core";
import { canWriteAny, roleLabel } from "@rapport/core";
import {
  IconAddressBook,
  IconBuilding,
  IconChartBar,
  IconCheck,
  IconChecklist,
  IconChevronDown,
  IconCopy,
  IconCurrencyDollar,
  IconDeviceDesktop,
  IconLayoutKanban,
  IconLogout,
  IconMoon,
  IconSettings,
  IconSun,
  IconUser,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useLocation, useRouter } from "@tanstack/react-router";
import { Fragment, useState } from "react";
import { authApi } from "../features/auth/api.ts";
import { NotificationBell } from "../features/notifications/notification-bell.tsx";
import { CommandPalette, SearchButton } from "../features/search/command-palette.tsx";
import { ViewNavList } from "../features/views/view-nav.tsx";
import { messageOf } from "../ui/form.ts";
import { Logo } from "../ui/logo.tsx";
import { CREATE_ITEMS, NewMenu, QuickCreate } from "../ui/record/new-menu.tsx";
import type { CreateKind } from "../ui/record/quick-create.tsx";
import { recordText } from "../ui/record/text.ts";
import { api } from "./api.ts";
import { endSession, startSession, useSession } from "./session.ts";
import { shellText } from "./text.ts";

const NAV = [
  { to: "/contacts", label: shellText.nav.contacts, icon: IconAddressBook, views: "contacts" },
  { to: "/companies", label: shellText.nav.companies, icon: IconBuilding, views: "companies" },
  { to: "/deals", label: shellText.nav.deals, icon: IconCurrencyDollar, views: "deals" },
  { to: "/pipeline", label: shellText.nav.pipeline, icon: IconLayoutKanban },
  // "My tasks" is where Tasks opens; the table (and its saved views) is under /tasks too.
  { to: "/tasks/mine", match: "/tasks", label: shellText.nav.tasks, icon: IconChecklist, views: "tasks" },
  { to: "/reports", label: shellText.nav.reports, icon: IconChartBar },
  { to: "/duplicates", label: shellText.nav.duplicates, icon: IconCopy },
  { to: "/settings", label: shellText.nav.settings, icon: IconSettings },
] as const;

const isActive = (pathname: string, prefix: string) =>
  pathname === prefix || pathname.startsWith(`${prefix}/`);

export function Shell() {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  // Below the sm breakpoint the closed navbar is only moved off-screen; keep it out of tab order too.
  const phone = useMediaQuery("(max-width: 47.99em)");
  const canCreate = canWriteAny(session.permissions);
  const [creating, setCreating] = useState<CreateKind | null>(null);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={shellText.toggleNavigation}
              aria-expanded={opened}
            />
            <Link to="/contacts" aria-label="Rapport" style={{ color: "inherit", textDecoration: "none" }}>
              <Box visibleFrom="xs">
                <Logo size={28} />
              </Box>
              <Box hiddenFrom="xs">
                <Logo size={28} withName={false} />
              </Box>
            </Link>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SearchButton />
            <NotificationBell />
            {canCreate && <NewMenu onChoose={setCreating} />}
            <ColorSchemeMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={shellText.mainNavigation} inert={phone && !opened}>
        {NAV.map((item) => (
          <Fragment key={item.to}>
            <NavLink
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={isActive(pathname, "match" in item ? item.match : item.to)}
              onClick={close}
              renderRoot={(props) => <Link to={item.to} {...props} />}
              style={{ borderRadius: "var(--mantine-radius-md)" }}
              mb={2}
            />
            {"views" in item && <ViewNavList object={item.views} label={item.label} onNavigate={close} />}
          </Fragment>
        ))}
      </AppShell.Navbar>

      <CommandPalette
        commands={
          canCreate
            ? CREATE_ITEMS.map(({ kind, icon: Icon }) => ({
                label: recordText.create.titles[kind],
                icon: <Icon size={20} stroke={1.5} />,
                run: () => setCreating(kind),
              }))
            : []
        }
      />
      {creating && <QuickCreate kind={creating} onClose={() => setCreating(null)} />}
      <AppShell.Main>
        <Box maw={1200} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function WorkspaceSwitcher() {
  const session = useSession();
  const queryClient = useQueryClient();
  const router = useRouter();
  const name = (
    <Text fw={600} size="sm" truncate="end">
      {session.workspace.name}
    </Text>
  );
  if (session.workspaces.length < 2) {
    return (
      <Group
        gap="xs"
        wrap="nowrap"
        miw={0}
        pl={4}
        style={{ borderLeft: "1px solid var(--app-shell-border-color)" }}
      >
        {name}
      </Group>
    );
  }

  async function switchTo(workspaceId: string) {
    try {
      const next = await api<SessionDto>("POST", "/auth/switch-workspace", { workspaceId });
      startSession(queryClient, next);
      await router.invalidate();
    } catch (error) {
      notifications.show({ color: "red", title: shellText.switchFailed, message: messageOf(error) });
    }
  }

  return (
    <Menu position="bottom-start" width={260} shadow="md">
      <Menu.Target>
        <UnstyledButton
          // Holds the name shown, as WCAG asks of a visible label (the button shows only the name).
          aria-label={`${name} – ${shellText.switchWorkspace}`}
          miw={0}
          px={6}
          py={4}
          style={{ borderRadius: 6 }}
        >
          <Group gap={4} wrap="nowrap" miw={0}>
            {name}
            <IconChevronDown size={14} style={{ flexShrink: 0 }} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{shellText.workspaces}</Menu.Label>
        {session.workspaces.map((workspace) => (
          <Menu.Item
            key={workspace.id}
            onClick={() => workspace.id !== session.workspace.id && switchTo(workspace.id)}
            rightSection={workspace.id === session.workspace.id ? <IconCheck size={14} /> : null}
          >
            <Text size="sm" truncate="end">
              {workspace.name}
            </Text>
            <Text size="xs" c="dimmed">
              {roleLabel(workspace.role)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function ColorSchemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const options = [
    { value: "light", label: shellText.light, icon: IconSun },
    { value: "dark", label: shellText.dark, icon: IconMoon },
    { value: "auto", label: shellText.auto, icon: IconDeviceDesktop },
  ] as const;
  const Current = options.find((option) => option.value === colorScheme)?.icon ?? IconDeviceDesktop;
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={shellText.colorScheme}>
          <Current size={18} stroke={1.6} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{shellText.colorScheme}</Menu.Label>
        {options.map(({ value, label, icon: Icon }) => (
          <Menu.Item
            key={value}
            leftSection={<Icon size={16} />}
            rightSection={colorScheme === value ? <IconCheck size={14} /> : null}
            onClick={() => setColorScheme(value)}
          >
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase() || "?";
}

function UserMenu() {
  const session = useSession();
  const queryClient = useQueryClient();
  const router = useRouter();

  async function signOut() {
    try {
      await authApi.signOut();
    } catch (error) {
      notifications.show({ color: "red", title: shellText.signOutFailed, message: messageOf(error) });
      return;
    }
    endSession(queryClient);
    await router.navigate({ to: "/sign-in" });
  }

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="transparent"
          size="lg"
          radius="xl"
          // Starts with the initials shown, as WCAG asks of a visible label.
          aria-label={`${initials(session.user.name)} – ${shellText.accountMenu}`}
        >
          <Avatar color="indigo" radius="xl" size={34}>
            {initials(session.user.name)}
          </Avatar>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py={6}>
          <Text size="sm" fw={600} truncate="end">
            {session.user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {session.user.email}
          </Text>
        </Box>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconUser size={16} />}
          renderRoot={(props) => <Link to="/settings/profile" {...props} />}
        >
          {shellText.profile}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
          {shellText.signOut}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
