import { z } from "zod";

/** The objects a file can be imported into. */
export const IMPORT_OBJECTS = ["contacts", "companies"] as const;
export const ImportObject = z.enum(IMPORT_OBJECTS);
export type ImportObject = z.infer<typeof ImportObject>;

/** Fields a column can fill, per object; custom fields are `custom.<key>`, and "" ignores the column. */
export const IMPORT_TARGETS = {
  contacts: [
    "firstName",
    "lastName",
    "fullName",
    "email",
    "phone",
    "jobTitle",
    "companyName",
    "companyDomain",
    "birthday",
    "street",
    "city",
    "region",
    "postalCode",
    "country",
    "leadSource",
    "lifecycleStage",
    "description",
    "tags",
  ],
  companies: [
    "name",
    "domain",
    "industry",
    "employeeCount",
    "annualRevenue",
    "phone",
    "street",
    "city",
    "region",
    "postalCode",
    "country",
    "description",
    "parentCompany",
    "tags",
  ],
} as const satisfies Record<ImportObject, readonly string[]>;

/**
 * The built-in fields rows can be matched on, per object (a custom field `custom.<key>`, such as an
 * external id, also can); the first is the one an upload suggests.
 */
export const IMPORT_MATCH_FIELDS = {
  contacts: ["email"],
  companies: ["domain", "name"],
} as const satisfies Record<ImportObject, readonly string[]>;

/** Largest file an import accepts; bigger ones are refused with a message before anything is staged. */
export const IMPORT_MAX_BYTES = 1024 * 1024 * 1024;

export const DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"] as const;
export const DateFormat = z.enum(DATE_FORMATS);

export const MATCH_POLICIES = ["skip", "update", "create"] as const;

export const ColumnMapping = z.strictObject({
  column: z.number().int().min(0),
  target: z
    .string()
    .max(80)
    .describe('A field of IMPORT_TARGETS, "custom.<key>" for a custom field, or "" to ignore the column'),
  /** The label of an email or phone (work, home, mobile…). */
  label: z.string().trim().max(50).nullable().default(null),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const ImportSettings = z.strictObject({
  mapping: z.array(ColumnMapping).max(500),
  /** How dates are written in the file. */
  dateFormat: DateFormat.default("YYYY-MM-DD"),
  /** Phones without a country code are read as this country's (ISO 3166 code); null: the workspace's. */
  phoneCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, { message: "Use a two-letter country code such as FR" })
    .nullable()
    .default(null),
  /** What to do with a row that matches an existing record. */
  matchPolicy: z.enum(MATCH_POLICIES).default("skip"),
  /** The field rows are matched on: one of IMPORT_MATCH_FIELDS or a custom field (an external id) `custom.<key>`; null: no matching. */
  matchBy: z.string().max(80).nullable().default(null),
  /** `skip`: import the valid rows and reject the others; `abort`: import nothing when any row is invalid. */
  onInvalid: z.enum(["skip", "abort"]).default("skip"),
});
export type ImportSettings = z.infer<typeof ImportSettings>;
export type ImportSettingsInput = z.input<typeof ImportSettings>;

export const IMPORT_STATUSES = [
  "staged",
  "queued",
  "running",
  "completed",
  "failed",
  "undoing",
  "undone",
] as const;

export const ImportCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
});

export const ImportDto = z.object({
  id: z.uuid(),
  object: ImportObject,
  format: z.enum(["csv", "vcard"]),
  fileName: z.string(),
  fileBytes: z.number().int(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  totalRows: z.number().int(),
  settings: ImportSettings.nullable(),
  status: z.enum(IMPORT_STATUSES),
  rowsDone: z.number().int(),
  ...ImportCounts.shape,
  rowsPerSecond: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  undoneAt: z.iso.datetime().nullable(),
});
export type ImportDto = z.infer<typeof ImportDto>;

/** An upload's answer: the import, and the mapping Rapport suggests for its columns. */
export const StagedImportDto = ImportDto.extend({ suggested: ImportSettings });
export type StagedImportDto = z.infer<typeof StagedImportDto>;

export const PreviewRow = z.object({
  rowNo: z.number().int(),
  cells: z.array(z.string()),
  /** What the row becomes under the mapping. */
  record: z.record(z.string(), z.unknown()).nullable(),
  errors: z.array(z.string()),
});
export const ImportPreviewDto = z.object({ rows: z.array(PreviewRow) });
export type ImportPreviewDto = z.infer<typeof ImportPreviewDto>;

export const DryRunDto = ImportCounts.extend({
  rows: z.number().int(),
  /** The first rejected rows with their reasons. */
  rejections: z.array(z.object({ rowNo: z.number().int(), reason: z.string() })),
});
export type DryRunDto = z.infer<typeof DryRunDto>;
