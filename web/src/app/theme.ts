import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager } from "@mantine/core";

// Inter when the system has it; never downloaded, so the app works offline and under a strict CSP.
const fontStack =
  "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7 in light mode: indigo 6 is 4.3:1 on white, under WCAG AA's 4.5:1 for text and links.
  primaryShade: { light: 7, dark: 5 },
  fontFamily: fontStack,
  headings: { fontFamily: fontStack, fontWeight: "650" },
  defaultRadius: "md",
  cursorType: "pointer",
});

/**
 * Text dark enough for WCAG AA (4.5:1) in light mode: secondary ("dimmed") text at 5.1:1 on white
 * (Mantine's is 3.3:1), and the text of light buttons, badges, nav links and avatars in the darkest
 * shade of their colour, on their tinted backgrounds.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#646b73",
    ...Object.fromEntries(
      Object.keys(t.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        LIGHT_TEXT[color] ?? `var(--mantine-color-${color}-9)`,
      ]),
    ),
  },
  dark: {},
});

/** Colours whose darkest shade is still too pale on its own tint: shade 9 darkened to 4.7:1 or more. */
const LIGHT_TEXT: Record<string, string> = {
  teal: "#087956",
  green: "#277c38",
  lime: "#4a760a",
  yellow: "#a15300",
  orange: "#b83d0d",
};

export const colorSchemeManager = localStorageColorSchemeManager({ key: "rapport-color-scheme" });
