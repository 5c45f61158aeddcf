export const privacyText = {
  menu: "Privacy",
  menuLabel: "Privacy actions for this contact",
  exportData: "Export personal data",
  exporting: "Preparing the archive…",
  exported: (file: string) => `Downloaded ${file}`,
  exportFailed: "Could not export the personal data",
  eraseData: "Erase personal data",
  eraseTitle: "Erase this contact's personal data",
  eraseBody:
    "This removes the contact's name, emails, phones, address, birthday and custom field values, blanks them in the field history, and replaces their name, email and phone in the activities, tasks and deals that mention them. Deals, amounts and counts stay. This cannot be undone.",
  confirmLabel: (name: string) => `Type "${name}" or ERASE to confirm`,
  confirmPlaceholder: "ERASE",
  erase: "Erase for good",
  cancel: "Cancel",
  erased: "The contact's personal data was erased.",
  eraseFailed: "Could not erase the personal data",
};
