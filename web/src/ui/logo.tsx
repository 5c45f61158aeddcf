import { Group, Text } from "@mantine/core";

/** Two overlapping rings: two parties in rapport. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="var(--mantine-color-indigo-6)" />
      <circle cx="25" cy="32" r="12" fill="none" stroke="#fff" strokeWidth="6" />
      <circle cx="39" cy="32" r="12" fill="none" stroke="#fff" strokeOpacity=".75" strokeWidth="6" />
    </svg>
  );
}

export function Logo({ size = 28, withName = true }: { size?: number; withName?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      {withName && (
        <Text fw={700} fz={size * 0.7} lh={1} style={{ letterSpacing: "-0.01em" }}>
          Rapport
        </Text>
      )}
    </Group>
  );
}
