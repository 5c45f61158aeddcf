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
