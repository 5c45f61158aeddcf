import { useState } from "react";
import { ApiError } from "../../app/api.ts";
import { messageOf } from "../form.ts";
import type { CellProblem } from "./cell-editor.tsx";
import type { CellEditor, TableRow } from "./types.ts";

type Editing = { rowId: string; key: string };

/** The message of a failed cell save: the API's message for the field edited, else its detail. */
function problemOf(error: unknown, patch: object): CellProblem {
  if (error instanceof ApiError && error.status === 412) return { kind: "conflict" };
  const keys = Object.keys(patch);
  const fieldError =
    error instanceof ApiError
      ? (error.problem.errors?.find((e) => keys.some((k) => e.path === k || e.path.startsWith(`${k}.`))) ??
        error.problem.errors?.[0])
      : undefined;
  return { kind: "invalid", message: fieldError?.message ?? messageOf(error) };
}

/** Which cell is being edited, and saving it through `save` with the API's answer kept at the cell. */
export function useCellEditing<Row extends TableRow>(
  save: ((row: Row, patch: object) => Promise<void>) | undefined,
  afterClose: (editing: Editing) => void,
) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState<CellProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    const was = editing;
    setEditing(null);
    setProblem(null);
    setBusy(false);
    if (was) afterClose(was);
  };

  return {
    editing,
    problem,
    busy,
    canEdit: save !== undefined,
    isEditing: (rowId: string, key: string) => editing?.rowId === rowId && editing.key === key,
    start(rowId: string, key: string) {
      if (!save) return;
      setEditing({ rowId, key });
      setProblem(null);
    },
    cancel: close,
    async commit(row: Row, editor: CellEditor<Row>, value: string, changed: boolean) {
      if (!save || !changed) {
        close();
        return;
      }
      const patch = editor.patch(value);
      setBusy(true);
      setProblem(null);
      try {
        await save(row, patch);
        close();
      } catch (error) {
        setBusy(false);
        setProblem(problemOf(error, patch));
      }
    },
  };
}
