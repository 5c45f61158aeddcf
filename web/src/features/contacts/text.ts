export const contactsText = {
  title: "Contacts",
  description: "The people your business deals with.",
  emptyTitle: "No contacts yet",
  emptyBody: "Contacts will appear here once they are added or imported.",
};
