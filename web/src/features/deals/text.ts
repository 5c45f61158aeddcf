export const dealsText = {
  title: "Deals",
  description: "Your pipeline of opportunities.",
  emptyTitle: "No deals yet",
  emptyBody: "Deals will appear here once they are added to your pipeline.",
};
