/** Text of the notification centre. */
export const notificationsText = {
  bell: "Notifications",
  bellWithCount: (n: number) => `Notifications, ${n} unread`,
  title: "Notifications",
  markAllRead: "Mark all read",
  markRead: "Mark read",
  empty: "Nothing new. Task reminders and due tasks appear here.",
  loadFailed: "Could not load notifications",
  actionFailed: "Could not update notifications",
  unread: "Unread",
  kinds: { "task.reminder": "Reminder", "task.due": "Due now" } as Record<string, string>,
  /** The toast shown when a notification arrives while the app is open. */
  arrived: (kind: string) => (kind === "task.due" ? "A task is due" : "Task reminder"),
};
