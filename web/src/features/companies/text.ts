export const companiesText = {
  title: "Companies",
  description: "The organisations your contacts work for.",
  noun: "companies",
  emptyTitle: "No companies yet",
  emptyBody: "Companies will appear here once they are added or imported.",
  columns: {
    name: "Name",
    domains: "Domains",
    industry: "Industry",
    employeeCount: "Employees",
    annualRevenue: "Annual revenue",
    phone: "Phone",
  },
};
