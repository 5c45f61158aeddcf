export const contactsText = {
  title: "Contacts",
  description: "The people your business deals with.",
  emptyTitle: "No contacts yet",
  emptyBody: "Contacts will appear here once they are added or imported.",
};

/** Text of a contact's page. */
export const contactRecordText = {
  noun: "contact",
  firstName: "First name",
  lastName: "Last name",
  emails: "Email",
  phones: "Phone",
  jobTitle: "Job title",
  companies: "Companies",
  lifecycleStage: "Lifecycle stage",
  leadSource: "Lead source",
  owner: "Owner",
  birthday: "Birthday",
  address: "Address",
  tags: "Tags",
  description: "Description",
  at: "at",
  ownedBy: "Owner:",
  relatedCompanies: "Companies",
  relatedDeals: "Deals",
};
