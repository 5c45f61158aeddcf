import { Box, Group, Kbd, Loader, Text, UnstyledButton } from "@mantine/core";
import { useDebouncedValue, useOs } from "@mantine/hooks";
import { Spotlight, spotlight } from "@mantine/spotlight";
import {
  IconAddressBook,
  IconArrowRight,
  IconBuilding,
  IconCurrencyDollar,
  IconSearch,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { messageOf } from "../../ui/form.ts";
import { type Found, paletteSearchQuery } from "./api.ts";
import { searchText } from "./text.ts";

const ICONS = { contact: IconAddressBook, company: IconBuilding, deal: IconCurrencyDollar };
const PATHS = { contact: "/contacts", company: "/companies", deal: "/deals" };

/** Where a command goes; `extra` commands (such as create dialogs) come from the shell. */
const COMMANDS = [
  { label: searchText.commands.contacts, to: "/contacts" },
  { label: searchText.commands.companies, to: "/companies" },
  { label: searchText.commands.deals, to: "/deals" },
  { label: searchText.commands.tasks, to: "/tasks" },
  { label: searchText.commands.reports, to: "/reports" },
  { label: searchText.commands.settings, to: "/settings" },
  { label: searchText.commands.workspace, to: "/settings/workspace" },
  { label: searchText.commands.members, to: "/settings/members" },
  { label: searchText.commands.apiKeys, to: "/settings/api-keys" },
] as const;

export type PaletteCommand = { label: string; icon?: ReactNode; run: () => void };

/** Ctrl/Cmd-K: find a contact, company or deal as you type, or run a command. */
export function CommandPalette({ commands = [] }: { commands?: PaletteCommand[] }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const search = useQuery(paletteSearchQuery(debounced));
  const go = (to: string) => void router.history.push(to);

  const needle = query.trim().toLowerCase();
  const matchingCommands = [
    ...commands,
    ...COMMANDS.map((c) => ({ label: searchText.goTo(c.label), icon: undefined, run: () => go(c.to) })),
  ].filter((c) => !needle || c.label.toLowerCase().includes(needle));

  const groups = search.data ?? [];

  const record = (found: Found) => {
    const Icon = ICONS[found.object];
    return (
      <Spotlight.Action
        key={`${found.object}:${found.id}`}
        label={found.label}
        description={found.description || undefined}
        leftSection={<Icon size={20} stroke={1.5} />}
        onClick={() => go(`${PATHS[found.object]}/${found.id}`)}
      />
    );
  };

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={["mod + K", "/"]}
      clearQueryOnClose
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder={searchText.placeholder}
        aria-label={searchText.searchLabel}
        leftSection={<IconSearch size={18} stroke={1.5} />}
        rightSection={search.isFetching ? <Loader size="xs" aria-label={searchText.searching} /> : null}
      />
      <Spotlight.ActionsList>
        {groups.map(({ group, items }) => (
          <Spotlight.ActionsGroup key={group} label={searchText.groups[group]}>
            {items.map(record)}
          </Spotlight.ActionsGroup>
        ))}
        {search.isError && (
          <Text c="red.8" size="sm" px="md" py="xs" role="alert">
            {searchText.failed}: {messageOf(search.error)}
          </Text>
        )}
        {matchingCommands.length > 0 && (
          <Spotlight.ActionsGroup label={searchText.groups.commands}>
            {matchingCommands.map((c) => (
              <Spotlight.Action
                key={c.label}
                label={c.label}
                leftSection={c.icon ?? <IconArrowRight size={20} stroke={1.5} />}
                onClick={c.run}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {groups.length === 0 && matchingCommands.length === 0 && !search.isFetching && (
          <Spotlight.Empty>{debounced.length < 2 ? searchText.typeMore : searchText.empty}</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

/** The header's search button: opens the palette, shows its shortcut. */
export function SearchButton() {
  const os = useOs();
  const mac = os === "macos" || os === "ios";
  return (
    <UnstyledButton
      onClick={() => spotlight.open()}
      aria-label={`${searchText.open} ${searchText.shortcut(mac)}`}
      aria-keyshortcuts={mac ? "Meta+K" : "Control+K"}
      px="sm"
      py={6}
      style={{
        border: "1px solid var(--mantine-color-default-border)",
        borderRadius: "var(--mantine-radius-md)",
        color: "var(--mantine-color-dimmed)",
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <IconSearch size={16} stroke={1.6} />
        <Box component="span" visibleFrom="md" fz="sm">
          {searchText.open}{" "}
        </Box>
        <Kbd size="xs" visibleFrom="md">
          {searchText.shortcut(mac)}
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}
