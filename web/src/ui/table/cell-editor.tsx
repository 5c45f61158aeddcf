import { Button, NativeSelect, Popover, Stack, Text, TextInput } from "@mantine/core";
import { type KeyboardEvent, useState } from "react";
import { tableText } from "./text.ts";
import type { CellEditor } from "./types.ts";

/** Why the last save of a cell failed: a field message from the API, or a version conflict (412). */
export type CellProblem = { kind: "invalid"; message: string } | { kind: "conflict" };

const initialText = (value: string | number | null) => (value === null ? "" : String(value));

/**
 * The in-place editor of one cell. Enter or leaving the field saves, Escape cancels. A failed
 * save keeps the editor open with the API's message beside it.
 */
export function CellEditorInput<Row>({
  editor,
  row,
  label,
  busy,
  problem,
  onCommit,
  onCancel,
  onReload,
}: {
  editor: CellEditor<Row>;
  row: Row;
  label: string;
  busy: boolean;
  problem: CellProblem | null;
  onCommit: (value: string, changed: boolean) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const initial = initialText(editor.read(row));
  const [value, setValue] = useState(initial);
  const commit = (next = value) => onCommit(next, next !== initial);

  const onKeyDown = (event: KeyboardEvent) => {
    // The grid must not see these keys while a cell is being edited.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter") {
      event.preventDefault();
      commit();
    }
  };

  const common = {
    "aria-label": tableText.edit(label),
    "aria-invalid": problem !== null,
    size: "xs" as const,
    disabled: busy,
    onKeyDown,
    error: problem !== null,
    styles: { input: { minHeight: 28, height: 28 } },
  };

  const input =
    editor.kind === "select" ? (
      <NativeSelect
        {...common}
        autoFocus
        value={value}
        data={[
          ...(editor.clearable || value === "" ? [{ value: "", label: tableText.noValue }] : []),
          ...editor.options,
        ]}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          commit(event.currentTarget.value);
        }}
        onBlur={() => {
          if (value === initial && !problem) onCancel();
        }}
      />
    ) : (
      <TextInput
        {...common}
        autoFocus
        type={editor.kind === "date" ? "date" : editor.kind === "number" ? "number" : "text"}
        inputMode={editor.kind === "number" ? "decimal" : undefined}
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        onBlur={() => {
          if (!busy && !problem) commit();
        }}
      />
    );

  return (
    <Popover
      opened={problem !== null}
      position="bottom-start"
      withArrow
      shadow="md"
      withinPortal
      trapFocus={false}
    >
      <Popover.Target>
        <div style={{ width: "100%" }}>{input}</div>
      </Popover.Target>
      <Popover.Dropdown maw={320} p="xs">
        {problem?.kind === "conflict" ? (
          <Stack gap={6}>
            <Text size="sm" c="red.8" role="alert">
              {tableText.conflict}
            </Text>
            <Button size="compact-xs" variant="light" onClick={onReload}>
              {tableText.reload}
            </Button>
          </Stack>
        ) : problem ? (
          <Text size="sm" c="red.8" role="alert">
            {problem.message}
          </Text>
        ) : null}
      </Popover.Dropdown>
    </Popover>
  );
}
