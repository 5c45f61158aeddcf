export const dealsText = {
  title: "Deals",
  description: "Your pipeline of opportunities.",
  noun: "deals",
  emptyTitle: "No deals yet",
  emptyBody: "Deals will appear here once they are added to your pipeline.",
  columns: {
    name: "Name",
    amount: "Amount",
    currency: "Currency",
    stage: "Stage",
    pipeline: "Pipeline",
    status: "Status",
    probability: "Probability",
    expectedCloseDate: "Expected close",
    closedAt: "Closed",
  },
  statuses: { open: "Open", won: "Won", lost: "Lost" } as Record<string, string>,
};
