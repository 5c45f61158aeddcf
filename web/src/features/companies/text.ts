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

/** Text of a company's page. */
export const companyRecordText = {
  noun: "company",
  name: "Name",
  domains: "Domains",
  industry: "Industry",
  employeeCount: "Employees",
  employees: (n: string) => `${n} employees`,
  annualRevenue: "Annual revenue",
  phone: "Phone",
  parentCompany: "Parent company",
  owner: "Owner",
  ownedBy: "Owner:",
  address: "Address",
  tags: "Tags",
  description: "Description",
  relatedContacts: "Contacts",
  relatedDeals: "Deals",
};
