import { Box, Grid, NativeSelect, NavLink, Paper } from "@mantine/core";
import {
  IconBuildingCommunity,
  IconClockPlay,
  IconCurrencyEuro,
  IconForms,
  IconHistory,
  IconKey,
  IconLayoutKanban,
  IconLock,
  IconMailPlus,
  IconShieldLock,
  IconTag,
  IconUser,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from "@tabler/icons-react";
import { Link, Outlet, useLocation, useRouter } from "@tanstack/react-router";
import { useSession } from "../../app/session.ts";
import { PageHeader } from "../../ui/page.tsx";
import { auditText } from "../audit/text.ts";
import { crmSettingsText } from "../crm-settings/text.ts";
import { rolesText } from "../roles/text.ts";
import { securityText } from "../security/text.ts";
import { teamsText } from "../teams/text.ts";
import { settingsText } from "./text.ts";

const SECTIONS = [
  { to: "/settings/profile", label: settingsText.sections.profile, icon: IconUser, adminOnly: false },
  { to: "/settings/password", label: settingsText.sections.password, icon: IconLock, adminOnly: false },
  { to: "/settings/security", label: securityText.section, icon: IconShieldLock, adminOnly: false },
  {
    to: "/settings/workspace",
    label: settingsText.sections.workspace,
    icon: IconBuildingCommunity,
    adminOnly: false,
  },
  { to: "/settings/members", label: settingsText.sections.members, icon: IconUsers, adminOnly: false },
  {
    to: "/settings/pipelines",
    label: crmSettingsText.sections.pipelines,
    icon: IconLayoutKanban,
    adminOnly: false,
  },
  { to: "/settings/fields", label: crmSettingsText.sections.fields, icon: IconForms, adminOnly: false },
  { to: "/settings/tags", label: crmSettingsText.sections.tags, icon: IconTag, adminOnly: false },
  {
    to: "/settings/currencies",
    label: crmSettingsText.sections.currencies,
    icon: IconCurrencyEuro,
    adminOnly: false,
  },
  {
    to: "/settings/invitations",
    label: settingsText.sections.invitations,
    icon: IconMailPlus,
    adminOnly: true,
  },
  { to: "/settings/roles", label: rolesText.section, icon: IconUserShield, adminOnly: true },
  { to: "/settings/teams", label: teamsText.section, icon: IconUsersGroup, adminOnly: true },
  { to: "/settings/api-keys", label: settingsText.sections.apiKeys, icon: IconKey, adminOnly: true },
  { to: "/settings/jobs", label: settingsText.sections.jobs, icon: IconClockPlay, adminOnly: true },
  { to: "/settings/audit", label: auditText.section, icon: IconHistory, adminOnly: true },
  { to: "/settings/webhooks", label: settingsText.sections.webhooks, icon: IconWebhook, adminOnly: true },
] as const;

export function SettingsLayout() {
  const { permissions } = useSession();
  const { pathname } = useLocation();
  const router = useRouter();
  const sections = SECTIONS.filter((section) => !section.adminOnly || permissions.administer);

  return (
    <>
      <PageHeader title={settingsText.title} />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
          <Box component="nav" aria-label={settingsText.navigationLabel} visibleFrom="sm">
            {sections.map(({ to, label, icon: Icon }) => (
              <NavLink
                key={to}
                label={label}
                leftSection={<Icon size={18} stroke={1.6} />}
                active={pathname === to}
                renderRoot={(props) => <Link to={to} {...props} />}
                style={{ borderRadius: "var(--mantine-radius-md)" }}
                mb={2}
              />
            ))}
          </Box>
          <NativeSelect
            hiddenFrom="sm"
            label={settingsText.sectionLabel}
            value={pathname}
            data={sections.map(({ to, label }) => ({ value: to, label }))}
            onChange={(event) => router.history.push(event.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8, md: 9 }}>
          <Paper withBorder radius="md" p={{ base: "md", sm: "xl" }}>
            <Outlet />
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
