export const dealsText = {
  title: "Deals",
  description: "Your pipeline of opportunities.",
  emptyTitle: "No deals yet",
  emptyBody: "Deals will appear here once they are added to your pipeline.",
};

/** Text of a deal's page. */
export const dealRecordText = {
  noun: "deal",
  name: "Name",
  amount: "Amount",
  currency: "Currency",
  pipeline: "Pipeline",
  stage: "Stage",
  status: "Status",
  statuses: { open: "Open", won: "Won", lost: "Lost" },
  lostReason: "Lost reason",
  probability: "Probability (%)",
  probabilityHint: "Leave empty to use the stage's probability",
  expectedCloseDate: "Expected close date",
  closes: (date: string) => `Closes ${date}`,
  company: "Company",
  contacts: "Contacts",
  owner: "Owner",
  ownedBy: "Owner:",
  tags: "Tags",
  description: "Description",
  relatedContacts: "Contacts",
  relatedCompany: "Company",
};
