import { createTheme, localStorageColorSchemeManager } from "@mantine/core";

// Inter when the system has it; never downloaded, so the app works offline and under a strict CSP.
const fontStack =
  "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";

export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 6, dark: 5 },
  fontFamily: fontStack,
  headings: { fontFamily: fontStack, fontWeight: "650" },
  defaultRadius: "md",
  cursorType: "pointer",
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: "rapport-color-scheme" });
