import { ActionIcon, CopyButton, Textarea, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { uiText } from "./text.ts";

/** A read-only value with a copy button, for secrets, links and commands shown once. Long values wrap. */
export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: string;
}) {
  return (
    <Textarea
      label={label}
      description={description}
      value={value}
      readOnly
      autosize
      minRows={1}
      spellCheck={false}
      onFocus={(event) => event.currentTarget.select()}
      styles={{
        input: {
          fontFamily: "var(--mantine-font-family-monospace)",
          wordBreak: "break-all",
          resize: "none",
        },
      }}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? uiText.copied : uiText.copy} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                onClick={copy}
                aria-label={`${uiText.copy} ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}
