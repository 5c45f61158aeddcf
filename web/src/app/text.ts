/** Text of the app shell. */
export const shellText = {
  nav: {
    contacts: "Contacts",
    companies: "Companies",
    deals: "Deals",
    tasks: "Tasks",
    reports: "Reports",
    settings: "Settings",
  },
  mainNavigation: "Main navigation",
  toggleNavigation: "Toggle navigation",
  switchWorkspace: "Switch workspace",
  workspaces: "Workspaces",
  colorScheme: "Colour scheme",
  light: "Light",
  dark: "Dark",
  auto: "Match system",
  accountMenu: "Account menu",
  profile: "Profile",
  signOut: "Sign out",
  signOutFailed: "Could not sign out",
  switchFailed: "Could not switch workspace",
};
