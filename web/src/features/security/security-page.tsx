import { Divider, Stack } from "@mantine/core";
import { SectionHeader } from "../settings/section-header.tsx";
import { SessionsSection } from "./sessions-section.tsx";
import { securityText } from "./text.ts";
import { TwoFactorSection } from "./two-factor-section.tsx";

export function SecurityPage() {
  return (
    <>
      <SectionHeader title={securityText.section} description={securityText.description} />
      <Stack gap="xl">
        <TwoFactorSection />
        <Divider />
        <SessionsSection />
      </Stack>
    </>
  );
}
