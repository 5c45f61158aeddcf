export const reportsText = {
  title: "Reports",
  description: "Numbers on your contacts, deals and activity.",
  emptyTitle: "No reports yet",
  emptyBody: "Reports will appear here once there are contacts, deals and activities to report on.",
};
