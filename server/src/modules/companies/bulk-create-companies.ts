import type { CompanyDto } from "@rapport/core";
import type { Principal } from "../../platform/auth/principal.ts";
import { copyInto } from "../../platform/db/copy.ts";
import { type Db, transactionClock } from "../../platform/db/index.ts";
import { companies } from "../../platform/db/schema/index.ts";
import { newIds } from "../../platform/ids.ts";
import { recordCreatesInBulk } from "../../platform/records/changes.ts";
import { COMPANY_HISTORY_FIELDS, toCompanyDto } from "./company.presenter.ts";
import type { PreparedCompany } from "./company.service.ts";
import type { CompanyRow } from "./company.store.ts";

/** What a row holds before the create's columns are laid over it (the table's defaults). */
const EMPTY_ROW = {
  ownerId: null,
  tags: [],
  custom: {},
  updatedBy: null,
  deletedAt: null,
  deletedBy: null,
  domains: [],
  industry: null,
  employeeCount: null,
  annualRevenue: null,
  address: null,
  phone: null,
  parentCompanyId: null,
  description: null,
  mergedIntoId: null,
  searchText: "",
} satisfies Omit<
  CompanyRow,
  "workspaceId" | "id" | "name" | "createdAt" | "createdBy" | "updatedAt" | "version"
>;

/**
 * Writes companies already validated by `prepareCompanyCreates`, each table with one COPY: the rows,
 * their field history and one `company.created` outbox event each (the payload the single create
 * writes, so webhooks and automation see an imported company as any other). For large batches, such
 * as an import's chunk; the caller audits the batch as a whole.
 */
export async function bulkCreateCompanies(
  tx: Db,
  principal: Principal,
  prepared: PreparedCompany[],
): Promise<CompanyDto[]> {
  if (prepared.length === 0) return [];
  // The transaction's clock, which the columns' now() defaults write, for the DTO in each event.
  const now = await transactionClock(tx);
  const ids = newIds(prepared.length);
  const rows: CompanyRow[] = prepared.map(({ columns }, i) => ({
    ...EMPTY_ROW,
    ...columns,
    workspaceId: principal.workspaceId,
    id: ids[i]!,
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }));
  // The generated search text is PostgreSQL's to compute, the timestamps its clock's.
  await copyInto(tx, companies, rows, { except: ["searchText", "createdAt", "updatedAt"] });
  const dtos = rows.map(toCompanyDto);
  await recordCreatesInBulk(tx, principal, "company", dtos, COMPANY_HISTORY_FIELDS);
  return dtos;
}
