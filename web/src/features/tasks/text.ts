export const tasksText = {
  title: "Tasks",
  description: "Follow-ups and to-dos for your team.",
  noun: "tasks",
  emptyTitle: "No tasks yet",
  emptyBody: "Tasks will appear here once they are created for you or your team.",
  columns: {
    title: "Title",
    status: "Status",
    priority: "Priority",
    due: "Due",
    assignee: "Assignee",
    completedAt: "Completed",
  },
  statuses: { open: "Open", in_progress: "In progress", done: "Done", cancelled: "Cancelled" } as Record<
    string,
    string
  >,
  priorities: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } as Record<string, string>,
};

/** Text of the "My tasks" screen. */
export const myTasksText = {
  title: "My tasks",
  description: "Open tasks assigned to you, by when they are due.",
  tabs: { mine: "My tasks", all: "All tasks" },
  groups: { overdue: "Overdue", today: "Today", upcoming: "Upcoming", noDate: "No date" },
  emptyTitle: "No tasks yet",
  empty: "Tasks assigned to you appear here, grouped by when they are due.",
  complete: (title: string) => `Complete: ${title}`,
  completed: "Task completed",
  reschedule: "Reschedule",
  rescheduleTitle: (title: string) => `Reschedule: ${title}`,
  snooze: "Snooze",
  snoozeTitle: (title: string) => `Snooze: ${title}`,
  snoozes: { hour: "1 hour", tomorrow: "Tomorrow 9:00", nextWeek: "Next week" },
  reminder: "Reminder",
  saveFailed: "Could not save the task",
  loadFailed: "Could not load your tasks",
  more: (n: number) => `Showing the first ${n}; open All tasks for the rest.`,
};
