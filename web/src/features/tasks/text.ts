export const tasksText = {
  title: "Tasks",
  description: "Follow-ups and to-dos for your team.",
  emptyTitle: "No tasks yet",
  emptyBody: "Tasks will appear here once they are created for you or your team.",
};
