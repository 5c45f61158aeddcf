export const companiesText = {
  title: "Companies",
  description: "The organisations your contacts work for.",
  emptyTitle: "No companies yet",
  emptyBody: "Companies will appear here once they are added or imported.",
};
