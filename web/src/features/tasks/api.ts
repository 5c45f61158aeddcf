import type { Filter, TaskDto } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";
import { ifMatch, type Page } from "../views/api.ts";
import type { TaskPatch } from "./my-tasks.ts";

/** The open tasks assigned to the signed-in user, at most this many (soonest due first). */
export const MY_TASKS_LIMIT = 500;

const myFilter: Filter = {
  and: [
    { field: "assigneeId", op: "eq", value: "me" },
    { field: "status", op: "in", value: ["open", "in_progress"] },
  ],
};

export const myTasksQuery = queryOptions({
  queryKey: ["tasks", "mine"],
  queryFn: () =>
    api<Page<TaskDto>>(
      "GET",
      `/tasks?sort=dueAt&limit=${MY_TASKS_LIMIT}&filter=${encodeURIComponent(JSON.stringify(myFilter))}`,
    ),
});

export const tasksApi = {
  complete: (task: TaskDto) =>
    api<TaskDto>("POST", `/tasks/${task.id}/complete`, undefined, ifMatch(task.version)),
  update: (task: TaskDto, patch: TaskPatch) =>
    api<TaskDto>("PATCH", `/tasks/${task.id}`, patch, ifMatch(task.version)),
};
