import { Anchor, Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Logo } from "../../ui/logo.tsx";
import { authText } from "./text.ts";

/** The centered card every public page sits in. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Center
      mih="100dvh"
      p="md"
      style={{ background: "light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))" }}
    >
      <Box w="100%" maw={420}>
        <Stack align="center" gap={4} mb="lg">
          <Anchor href="/" underline="never" c="inherit" aria-label="Rapport">
            <Logo size={36} />
          </Anchor>
          <Text size="sm" c="dimmed">
            {authText.tagline}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" radius="md" p={{ base: "lg", sm: "xl" }}>
          <Title order={1} fz="h3" mb={subtitle ? 4 : "md"}>
            {title}
          </Title>
          {subtitle && (
            <Text size="sm" c="dimmed" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
        {footer && (
          <Text ta="center" size="sm" mt="md">
            {footer}
          </Text>
        )}
      </Box>
    </Center>
  );
}
