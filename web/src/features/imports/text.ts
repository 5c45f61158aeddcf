import type { ImportObject } from "@rapport/core";

/** Text of the import screens. */
export const importsText = {
  title: { contacts: "Import contacts", companies: "Import companies" } satisfies Record<
    ImportObject,
    string
  >,
  description: {
    contacts:
      "Bring contacts in from a CSV export (HubSpot, Salesforce, Pipedrive, Zoho, Google, Outlook…) or a vCard file.",
    companies:
      "Bring companies in from a CSV export of accounts or organisations (HubSpot, Salesforce, Pipedrive, Zoho…).",
  } satisfies Record<ImportObject, string>,
  open: "Import",
  back: { contacts: "Back to contacts", companies: "Back to companies" } satisfies Record<
    ImportObject,
    string
  >,
  object: {
    label: "Import into",
    contacts: "Contacts",
    companies: "Companies",
  },
  upload: {
    label: "File to import",
    description: {
      contacts: "CSV (any delimiter or encoding) or vCard (.vcf), up to 1 GB.",
      companies: "CSV (any delimiter or encoding), up to 1 GB.",
    } satisfies Record<ImportObject, string>,
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
    noSample: "(empty in the first row)",
    field: { contacts: "Contact field", companies: "Company field" } satisfies Record<ImportObject, string>,
    label: "Label",
    ignore: "Don't import",
    vcard:
      "vCard fields are read as they are: names, emails and phones with their labels, organisation (linked to a company of that name), title, birthday, address, note and categories. Photos are not imported (contacts have no picture yet).",
  },
  targets: {
    contacts: {
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
    },
    companies: {
      name: "Name",
      domain: "Website / domain",
      industry: "Industry",
      employeeCount: "Employees",
      annualRevenue: "Annual revenue",
      phone: "Phone",
      street: "Street",
      city: "City",
      region: "Region / state",
      postalCode: "Postal code",
      country: "Country",
      description: "Description",
      parentCompany: "Parent company (by name or domain)",
      tags: "Tags",
    },
  } as Record<ImportObject, Record<string, string>>,
  options: {
    title: "Options",
    dateFormat: "Dates in the file",
    phoneCountry: "Country of phones without a +code",
    phoneCountryPlaceholder: "Workspace default",
    matchBy: {
      contacts: "Match existing contacts on",
      companies: "Match existing companies on",
    } satisfies Record<ImportObject, string>,
    noMatch: "Nothing (always create)",
    matchFields: { email: "Email", domain: "Website / domain", name: "Name" } as Record<string, string>,
    matchPolicy: "When a row matches",
    policies: {
      contacts: { skip: "Skip it", update: "Update the contact", create: "Create anyway" },
      companies: { skip: "Skip it", update: "Update the company", create: "Create anyway" },
    } satisfies Record<ImportObject, Record<string, string>>,
    onInvalid: "Rows with problems",
    invalid: {
      skip: "Import the valid rows only",
      abort: "Import nothing if any row has a problem",
    } as Record<string, string>,
  },
  preview: {
    title: "Preview",
    row: "Row",
    record: { contacts: "Contact", companies: "Company" } satisfies Record<ImportObject, string>,
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
    message: (object: ImportObject) =>
      `${object === "companies" ? "Companies" : "Contacts"} it created go to the trash (restorable for 30 days), and fields it updated get their old values back.`,
    confirm: "Undo import",
    done: "This import was undone.",
  },
  failed: "The import did not run",
  another: "Import another file",
};
