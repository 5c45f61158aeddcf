/** Text of the command palette (Ctrl/Cmd-K). */
export const searchText = {
  open: "Search",
  shortcut: (mac: boolean) => (mac ? "⌘ K" : "Ctrl K"),
  placeholder: "Search contacts, companies and deals, or type a command…",
  searchLabel: "Search or run a command",
  empty: "Nothing found. Check the spelling, or try a name, an email or a domain.",
  typeMore: "Type two or more letters to search records.",
  failed: "Search failed",
  searching: "Searching…",
  groups: { contacts: "Contacts", companies: "Companies", deals: "Deals", commands: "Commands" },
  goTo: (where: string) => `Go to ${where}`,
  commands: {
    contacts: "Contacts",
    companies: "Companies",
    deals: "Deals",
    tasks: "Tasks",
    reports: "Reports",
    settings: "Settings",
    workspace: "Workspace settings",
    members: "Members",
    apiKeys: "API keys",
  },
};
