import { type SQL, sql } from "drizzle-orm";
import { createWorkspaceWithOwner } from "../../server/src/modules/workspaces/create-workspace.ts";
import { type Db, queryRows } from "../../server/src/platform/db/index.ts";
import {
  ACTIVITY_SUBJECTS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  FIRST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  TAG_NAMES,
} from "./seed-data.ts";

export type SeedScale = { contacts: number };
export type SeededWorkspace = { workspaceId: string; ownerId: string; ownerEmail: string; password: string };

const CHUNK = 50_000;
const MEMBERS = 20;
export const SEED_PASSWORD = "benchmark passphrase";

const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v}"`).join(",")}}`}::text[]`;
/** A deterministic pseudo-random integer in [0, n) from a row number and a salt. */
const pick = (g: SQL, salt: number, n: number) =>
  sql`(abs(hashint4((${g})::int + ${salt}::int)) % ${n}::int)`;
/** Skewed towards small values: a few owners, stages and industries dominate, as in real workspaces. */
const skewed = (g: SQL, salt: number, n: number) =>
  sql`floor(${n}::int * power((abs(hashint4((${g})::int + ${salt}::int)) % 10000) / 10000.0, 2.5))::int`;

async function chunked(label: string, total: number, insert: (from: number, to: number) => Promise<unknown>) {
  const started = Date.now();
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    await insert(from, to);
    const rate = Math.round(to / ((Date.now() - started) / 1000));
    process.stdout.write(
      `\r  ${label}: ${to.toLocaleString("en")} / ${total.toLocaleString("en")} (${rate.toLocaleString("en")} rows/s)   `,
    );
  }
  process.stdout.write("\n");
}

/**
 * Builds a realistic workspace: N contacts, N/10 companies, N/5 deals, 2N activities and 0.3N
 * tasks, with skewed owners, stages, industries and tags. Generated in SQL, in chunks.
 */
export async function seedWorkspace(
  db: Db,
  scale: SeedScale,
  name = `Benchmark ${scale.contacts}`,
): Promise<SeededWorkspace> {
  const ownerEmail = `bench-${scale.contacts}-${Date.now()}@rapport.test`;
  const { workspace, owner } = await createWorkspaceWithOwner(db, {
    name,
    owner: { email: ownerEmail, name: "Bench Owner", password: SEED_PASSWORD },
  });
  const ws = workspace.id;
  const n = scale.contacts;
  const nCompanies = Math.max(1, Math.floor(n / 10));
  const nDeals = Math.floor(n / 5);
  const nActivities = n * 2;
  const nTasks = Math.floor(n * 0.3);

  await db.execute(sql`
    insert into users (id, email, name, password_hash)
    select gen_random_uuid(), 'member' || g || '-' || ${ws} || '@rapport.test', 'Member ' || g, u.password_hash
    from generate_series(1, ${MEMBERS - 1}::int) g, users u where u.id = ${owner.id}`);
  await db.execute(sql`
    insert into memberships (workspace_id, user_id, role)
    select ${ws}, id, 'sales_rep' from users where email like ${`member%-${ws}@rapport.test`}`);
  await db.execute(sql`create temporary table if not exists seed_members (n int primary key, id uuid)`);
  await db.execute(sql`delete from seed_members`);
  await db.execute(sql`
    insert into seed_members select row_number() over (order by created_at, user_id) - 1, user_id
    from memberships where workspace_id = ${ws}`);

  await db.execute(sql`
    insert into custom_fields (workspace_id, id, object, key, label, type, options)
    values (${ws}, gen_random_uuid(), 'contacts', 'tier', 'Tier', 'single_select',
            '[{"value":"gold","label":"Gold"},{"value":"silver","label":"Silver"},{"value":"bronze","label":"Bronze"}]'),
           (${ws}, gen_random_uuid(), 'contacts', 'score', 'Score', 'number', '[]')`);
  await db.execute(sql`
    insert into tags (workspace_id, id, name, color)
    select ${ws}, gen_random_uuid(), t, '#868e96' from unnest(${textArray(TAG_NAMES)}) t on conflict do nothing`);

  const g = sql`g`;
  await chunked("companies", nCompanies, (from, to) =>
    db.execute(sql`
      insert into companies (workspace_id, id, name, domains, industry, employee_count, annual_revenue, owner_id, created_at, updated_at)
      select ${ws}, gen_random_uuid(),
        (${textArray(COMPANY_WORDS)})[1 + ${pick(g, 1, COMPANY_WORDS.length)}] || ' ' ||
          (${textArray(COMPANY_WORDS)})[1 + ${pick(g, 2, COMPANY_WORDS.length)}] || ' ' ||
          (${textArray(COMPANY_SUFFIXES)})[1 + ${pick(g, 3, COMPANY_SUFFIXES.length)}] || ' ' || g,
        array[lower((${textArray(COMPANY_WORDS)})[1 + ${pick(g, 1, COMPANY_WORDS.length)}]) || g || '.example.com'],
        (${textArray(INDUSTRIES)})[1 + ${skewed(g, 4, INDUSTRIES.length)}],
        (10 * power(10, (${pick(g, 5, 400)}) / 100.0))::int,
        round((100000 * power(10, (${pick(g, 6, 300)}) / 100.0))::numeric, 2),
        (select id from seed_members where n = ${skewed(g, 7, MEMBERS)}),
        now() - make_interval(secs => ${pick(g, 8, 94_000_000)}),
        now() - make_interval(secs => ${pick(g, 9, 9_000_000)})
      from generate_series(${from}::int, ${to}::int) g`),
  );
  await db.execute(sql`create temporary table if not exists seed_companies (n int primary key, id uuid)`);
  await db.execute(sql`delete from seed_companies`);
  await db.execute(sql`
    insert into seed_companies select row_number() over (order by id) - 1, id from companies where workspace_id = ${ws}`);

  await chunked("contacts", n, (from, to) =>
    db.execute(sql`
      with people as (
        select g,
          (${textArray(FIRST_NAMES)})[1 + ${skewed(g, 11, FIRST_NAMES.length)}] as first,
          (${textArray(LAST_NAMES)})[1 + ${skewed(g, 12, LAST_NAMES.length)}] as last,
          case when ${pick(g, 13, 10)} < 7 then ${pick(g, 14, nCompanies)} end as company_n
        from generate_series(${from}::int, ${to}::int) g
      )
      insert into contacts (workspace_id, id, first_name, last_name, display_name, emails, email, phones, phone, job_title,
        lifecycle_stage, owner_id, tags, custom, company_id, created_at, updated_at)
      select ${ws}, gen_random_uuid(), first, last, first || ' ' || last,
        jsonb_build_array(jsonb_build_object('value', lower(first || '.' || last || g) || '@example.org', 'label', 'work', 'primary', true)),
        lower(first || '.' || last || g) || '@example.org',
        jsonb_build_array(jsonb_build_object('value', '+1 555 ' || lpad((g % 10000000)::text, 7, '0'), 'label', 'mobile', 'primary', true)),
        '+1 555 ' || lpad((g % 10000000)::text, 7, '0'),
        (${textArray(JOB_TITLES)})[1 + ${pick(g, 15, JOB_TITLES.length)}],
        (array['subscriber','lead','qualified_lead','opportunity','customer','evangelist','other'])[1 + ${skewed(g, 16, 7)}],
        (select id from seed_members where n = ${skewed(g, 17, MEMBERS)}),
        case when ${pick(g, 18, 4)} = 0 then array[(${textArray(TAG_NAMES)})[1 + ${skewed(g, 19, TAG_NAMES.length)}]] else '{}' end,
        case ${pick(g, 20, 4)}
          when 0 then jsonb_build_object('tier', 'gold', 'score', ${pick(g, 21, 100)})
          when 1 then jsonb_build_object('tier', 'silver', 'score', ${pick(g, 21, 100)})
          when 2 then jsonb_build_object('score', ${pick(g, 21, 100)})
          else '{}'::jsonb end,
        (select id from seed_companies where n = company_n),
        now() - make_interval(secs => ${pick(g, 22, 94_000_000)}),
        now() - make_interval(secs => ${pick(g, 23, 9_000_000)})
      from people`),
  );
  await db.execute(sql`
    insert into contact_companies (workspace_id, contact_id, company_id, is_primary)
    select workspace_id, id, company_id, true from contacts where workspace_id = ${ws} and company_id is not null`);
  await db.execute(sql`create temporary table if not exists seed_contacts (n int primary key, id uuid)`);
  await db.execute(sql`delete from seed_contacts`);
  await db.execute(sql`
    insert into seed_contacts select row_number() over (order by id) - 1, id from contacts where workspace_id = ${ws}`);

  const pipelineId = await ensurePipeline(db, ws);
  await chunked("deals", nDeals, (from, to) =>
    db.execute(sql`
      with d as (
        select g, s.id as stage_id, s.kind, (select id from seed_companies where n = ${pick(g, 31, nCompanies)}) as company_id
        from generate_series(${from}::int, ${to}::int) g
        join lateral (select id, kind from stages where workspace_id = ${ws} and pipeline_id = ${pipelineId}
                      order by position offset ${skewed(g, 32, 6)} limit 1) s on true
      )
      insert into deals (workspace_id, id, name, amount, currency, pipeline_id, stage_id, status, lost_reason,
        expected_close_date, closed_at, company_id, owner_id, created_at, updated_at, stage_changed_at)
      select ${ws}, gen_random_uuid(), 'Deal ' || g,
        round((500 * power(10, (${pick(g, 33, 300)}) / 100.0))::numeric, 2),
        case when ${pick(g, 34, 10)} = 0 then 'EUR' else 'USD' end,
        ${pipelineId}, stage_id, kind,
        case when kind = 'lost' then 'Price' end,
        current_date + (${pick(g, 35, 365)} - 120),
        case when kind <> 'open' then now() - make_interval(secs => ${pick(g, 36, 30_000_000)}) end,
        company_id,
        (select id from seed_members where n = ${skewed(g, 37, MEMBERS)}),
        now() - make_interval(secs => ${pick(g, 38, 60_000_000)}),
        now() - make_interval(secs => ${pick(g, 39, 5_000_000)}),
        now() - make_interval(secs => ${pick(g, 40, 5_000_000)})
      from d`),
  );
  await db.execute(sql`
    insert into deal_contacts (workspace_id, deal_id, contact_id)
    select d.workspace_id, d.id, c.id from deals d
    join seed_contacts c on c.n = abs(hashtext(d.id::text)) % ${n}
    where d.workspace_id = ${ws} on conflict do nothing`);

  await chunked("activities", nActivities, (from, to) =>
    db.execute(sql`
      with a as (
        insert into activities (workspace_id, id, type, subject, body, occurred_at, duration_seconds, direction, owner_id, created_at, updated_at)
        select ${ws}, gen_random_uuid(),
          (array['note','call','meeting','email'])[1 + ${skewed(g, 41, 4)}],
          (${textArray(ACTIVITY_SUBJECTS)})[1 + ${pick(g, 42, ACTIVITY_SUBJECTS.length)}],
          '<p>Notes from the conversation about next steps.</p>',
          now() - make_interval(secs => ${pick(g, 43, 60_000_000)}),
          60 * ${pick(g, 44, 60)}, 'outbound',
          (select id from seed_members where n = ${skewed(g, 45, MEMBERS)}),
          now(), now()
        from generate_series(${from}::int, ${to}::int) g
        returning id
      )
      insert into record_links (workspace_id, source_type, source_id, target_type, target_id)
      select ${ws}, 'activity', a.id, 'contact', c.id from a
      join seed_contacts c on c.n = ${skewed(sql`abs(hashtext(a.id::text))`, 46, n)}`),
  );
  await chunked("tasks", nTasks, (from, to) =>
    db.execute(sql`
      with t as (
        insert into tasks (workspace_id, id, title, due_at, priority, status, assignee_id, owner_id, completed_at, created_at, updated_at)
        select ${ws}, gen_random_uuid(), 'Follow up ' || g,
          now() + make_interval(secs => ${pick(g, 51, 10_000_000)} - 5000000),
          (array['normal','high','low','urgent'])[1 + ${skewed(g, 52, 4)}],
          case when ${pick(g, 53, 3)} = 0 then 'done' else 'open' end,
          (select id from seed_members where n = ${skewed(g, 54, MEMBERS)}),
          (select id from seed_members where n = ${skewed(g, 54, MEMBERS)}),
          case when ${pick(g, 53, 3)} = 0 then now() end,
          now(), now()
        from generate_series(${from}::int, ${to}::int) g
        returning id
      )
      insert into record_links (workspace_id, source_type, source_id, target_type, target_id)
      select ${ws}, 'task', t.id, 'contact', c.id from t join seed_contacts c on c.n = abs(hashtext(t.id::text)) % ${n}`),
  );
  // What autovacuum would do before long: fresh statistics, and the GIN indexes' pending lists merged
  // (seeding inserts in bulk, and every search through a GIN index scans its pending list whole).
  process.stdout.write("  vacuum analyze…\n");
  await db.execute(sql`vacuum analyze`);
  return { workspaceId: ws, ownerId: owner.id, ownerEmail, password: SEED_PASSWORD };
}

/** The workspace's pipeline with six stages, created here when the workspace has none. */
async function ensurePipeline(db: Db, ws: string): Promise<string> {
  const [existing] = await queryRows<{ id: string }>(
    db,
    sql`select id from pipelines where workspace_id = ${ws} order by is_default desc, position limit 1`,
  );
  if (existing) return existing.id;
  const [created] = await queryRows<{ id: string }>(
    db,
    sql`insert into pipelines (workspace_id, id, name, is_default) values (${ws}, gen_random_uuid(), 'Sales', true) returning id`,
  );
  const id = created!.id;
  await db.execute(sql`
    insert into stages (workspace_id, id, pipeline_id, name, position, probability, kind)
    select ${ws}, gen_random_uuid(), ${id}, s.name, s.pos, s.p, s.kind
    from (values ('Lead in', 0, 10, 'open'), ('Qualified', 1, 25, 'open'), ('Proposal sent', 2, 50, 'open'),
                 ('Negotiation', 3, 75, 'open'), ('Won', 4, 100, 'won'), ('Lost', 5, 0, 'lost')) s(name, pos, p, kind)`);
  return id;
}
