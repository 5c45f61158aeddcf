import type { CompanyDto } from "@rapport/core";
import { sql } from "drizzle-orm";
import type { Principal } from "../../platform/auth/principal.ts";
import { copyInto } from "../../platform/db/copy.ts";
import { type Db, queryRows } from "../../platform/db/index.ts";
import { companies } from "../../platform/db/schema/index.ts";
import { newIds } from "../../platform/ids.ts";
import { actorOf, diffFields, recordChangesInBulk } from "../../platform/records/changes.ts";
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
  const [clock] = await queryRows<{ now: string }>(
    tx,
    sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`,
  );
  const now = new Date(clock!.now);
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
  await copyInto(
    tx,
    companies,
    // The generated search text is PostgreSQL's to compute, the timestamps its clock's.
    rows.map(({ searchText: _, createdAt: _c, updatedAt: _u, ...row }) => row),
  );
  const dtos = rows.map(toCompanyDto);
  await recordChangesInBulk(
    tx,
    dtos.map((dto) => ({
      workspaceId: principal.workspaceId,
      object: "company",
      recordId: dto.id,
      event: "created",
      changes: diffFields(null, dto as unknown as Record<string, unknown>, COMPANY_HISTORY_FIELDS),
      actor: actorOf(principal),
      payload: { company: dto },
    })),
  );
  return dtos;
}
