/** Text of the import screens. */
export const importsText = {
  title: "Import contacts",
  description:
    "Bring contacts in from a CSV export (HubSpot, Salesforce, Pipedrive, Zoho, Google, Outlook…) or a vCard file.",
  open: "Import",
  back: "Back to contacts",
  upload: {
    label: "File to import",
    description: "CSV (any delimiter or encoding) or vCard (.vcf), up to 1 GB.",
    placeholder: "Choose a file",
    uploading: "Reading the file…",
  },
  file: (rows: number, encoding: string | null, delimiter: string | null) =>
    `${rows.toLocaleString()} rows${encoding ? ` · ${encoding.toUpperCase()}` : ""}${
      delimiter ? ` · separated by ${delimiter === "\t" ? "tabs" : `“${delimiter}”`}` : ""
    }`,
  mapping: {
    title: "Columns",
    column: "Column in the file",
    sample: "First value",
    field: "Contact field",
    label: "Label",
    ignore: "Don't import",
    vcard:
      "vCard fields are read as they are: names, emails and phones with their labels, organisation (linked to a company of that name), title, birthday, address, note and categories. Photos are not imported (contacts have no picture yet).",
  },
  targets: {
    firstName: "First name",
    lastName: "Last name",
    fullName: "Full name (split)",
    email: "Email",
    phone: "Phone",
    jobTitle: "Job title",
    companyName: "Company (by name)",
    companyDomain: "Company (by website/domain)",
    birthday: "Birthday",
    street: "Street",
    city: "City",
    region: "Region / state",
    postalCode: "Postal code",
    country: "Country",
    leadSource: "Lead source",
    lifecycleStage: "Lifecycle stage",
    description: "Notes",
    tags: "Tags",
  } as Record<string, string>,
  options: {
    title: "Options",
    dateFormat: "Dates in the file",
    phoneCountry: "Country of phones without a +code",
    phoneCountryPlaceholder: "Workspace default",
    matchBy: "Match existing contacts on",
    noMatch: "Nothing (always create)",
    email: "Email",
    matchPolicy: "When a row matches",
    policies: { skip: "Skip it", update: "Update the contact", create: "Create anyway" } as Record<
      string,
      string
    >,
    onInvalid: "Rows with problems",
    invalid: {
      skip: "Import the valid rows only",
      abort: "Import nothing if any row has a problem",
    } as Record<string, string>,
  },
  preview: {
    title: "Preview",
    row: "Row",
    contact: "Contact",
    problems: "Problems",
    ok: "OK",
  },
  dryRun: "Dry run",
  dryRunResult: (r: { rows: number; created: number; updated: number; skipped: number; rejected: number }) =>
    `A run would create ${r.created}, update ${r.updated}, skip ${r.skipped} and reject ${r.rejected} of ${r.rows} rows. Nothing was written.`,
  run: "Import",
  progress: {
    label: "Import progress",
    rows: (done: number, total: number) => `${done.toLocaleString()} of ${total.toLocaleString()} rows`,
    speed: (perSecond: number | null) =>
      perSecond ? `${Math.round(perSecond).toLocaleString()} rows/s` : "",
    errors: (n: number) => `${n.toLocaleString()} rejected`,
    queued: "Waiting for a worker…",
    undoing: "Undoing the import…",
  },
  done: (r: { created: number; updated: number; skipped: number; rejected: number }) =>
    `Done: ${r.created} created, ${r.updated} updated, ${r.skipped} skipped, ${r.rejected} rejected.`,
  downloadRejected: "Download rejected rows",
  undo: {
    button: "Undo import",
    title: "Undo this import?",
    message:
      "Contacts it created go to the trash (restorable for 30 days), and fields it updated get their old values back.",
    confirm: "Undo import",
    done: "This import was undone.",
  },
  failed: "The import did not run",
  another: "Import another file",
};
