import { queryRows, type SignedIn, type TestApp } from "../../../test/index.ts";

/** Records an activity or a task can link to, for tests: a contact (via the API), a company, a deal. */
export async function createLinkTargets(
  t: TestApp,
  owner: SignedIn,
  names: { firstName?: string; lastName?: string; company?: string; deal?: string } = {},
) {
  const workspaceId = owner.session.workspace.id;
  const contact = await owner.caller.post("/api/v1/contacts", {
    firstName: names.firstName ?? "Ada",
    lastName: names.lastName ?? "Lovelace",
  });
  if (contact.statusCode !== 201) throw new Error(`contact: ${contact.statusCode} ${contact.body}`);
  const [company] = await queryRows<{ id: string }>(
    t.database,
    "insert into companies (workspace_id, id, name) values ($1, gen_random_uuid(), $2) returning id",
    [workspaceId, names.company ?? "Analytical Engines Ltd"],
  );
  const [deal] = await queryRows<{ id: string }>(
    t.database,
    `with p as (
       insert into pipelines (workspace_id, id, name) values ($1, gen_random_uuid(), 'Sales') returning id
     ), s as (
       insert into stages (workspace_id, id, pipeline_id, name, position, probability, kind)
       select $1, gen_random_uuid(), p.id, 'Qualified', 0, 20, 'open' from p returning id, pipeline_id
     )
     insert into deals (workspace_id, id, name, currency, pipeline_id, stage_id)
     select $1, gen_random_uuid(), $2, 'EUR', s.pipeline_id, s.id from s returning id`,
    [workspaceId, names.deal ?? "Difference Engine"],
  );
  return { contactId: contact.json().id as string, companyId: company!.id, dealId: deal!.id };
}
