import { Alert, Anchor, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { type DuplicateCandidateDto, DuplicateProblem } from "@rapport/core";
import { Link } from "@tanstack/react-router";
import { ApiError } from "../../app/api.ts";
import { duplicatesText } from "./text.ts";

const t = duplicatesText.candidates;

/** The candidates of a create refused as a likely duplicate (409), or null for any other error. */
export function duplicateCandidatesOf(error: unknown): DuplicateCandidateDto[] | null {
  if (!(error instanceof ApiError) || error.code !== "likely_duplicate") return null;
  const parsed = DuplicateProblem.safeParse(error.problem);
  return parsed.success ? parsed.data.candidates : null;
}

/** What the create dialog shows instead of saving: the likely duplicates, to open, or create anyway. */
export function DuplicateCandidates({
  object,
  candidates,
  onOpen,
  onCreateAnyway,
  creating,
}: {
  object: "contact" | "company";
  candidates: DuplicateCandidateDto[];
  onOpen: () => void;
  onCreateAnyway: () => void;
  creating: boolean;
}) {
  const base = object === "contact" ? "/contacts" : "/companies";
  return (
    <Alert color="yellow" title={t.title} role="alert">
      <Stack gap="xs">
        <Text size="sm">{t.body}</Text>
        {candidates.map((c) => (
          <Group key={c.id} justify="space-between" gap="xs" wrap="nowrap">
            <Stack gap={2}>
              <Text fw={600} size="sm">
                {c.displayName}
              </Text>
              <Group gap={4}>
                <Badge size="xs" variant="filled" color="orange">
                  {duplicatesText.score(c.score)}
                </Badge>
                {c.reasons.map((r) => (
                  <Badge key={r} size="xs" variant="light" color="gray">
                    {duplicatesText.reasons[r]}
                  </Badge>
                ))}
              </Group>
            </Stack>
            <Anchor
              component={Link}
              to={`${base}/${c.id}`}
              onClick={onOpen}
              size="sm"
              aria-label={`${t.open} ${c.displayName}`}
            >
              {t.open}
            </Anchor>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button variant="light" color="yellow" size="xs" onClick={onCreateAnyway} loading={creating}>
            {t.createAnyway}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
