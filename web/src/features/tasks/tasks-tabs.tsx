import { SegmentedControl } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { myTasksText as t } from "./text.ts";

/** Switches between "My tasks" and the tasks table. */
export function TasksTabs({ value }: { value: "mine" | "all" }) {
  const navigate = useNavigate();
  return (
    <SegmentedControl
      value={value}
      onChange={(next) => void navigate({ to: next === "mine" ? "/tasks/mine" : "/tasks" })}
      data={[
        { value: "mine", label: t.tabs.mine },
        { value: "all", label: t.tabs.all },
      ]}
    />
  );
}
