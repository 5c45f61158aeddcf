import { mkdirSync } from "node:fs";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { buildApp } from "../../server/src/app.ts";
import { appBackground } from "../../server/src/jobs.ts";
import { createApiKeyRecord } from "../../server/src/modules/api-keys/api-key.service.ts";
import { type Database, openPglite, openPostgres } from "../../server/src/platform/db/client.ts";
import { queryRows } from "../../server/src/platform/db/index.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";
import { JobQueue } from "../../server/src/platform/jobs/queue.ts";
import { createLogger } from "../../server/src/platform/log.ts";
import { testConfig } from "../../server/test/app.ts";
import { measure, printTable } from "./measure.ts";
import { seedWorkspace } from "./seed.ts";

export type Target = { label: string; open: () => Promise<Database> };

/** The seeded database is kept between runs (bench/.data for PGlite, a database per scale on PostgreSQL). */
export function targets(contacts: number, wanted = new Set(["pglite", "postgres"])): Target[] {
  const list: Target[] = [];
  if (wanted.has("pglite")) {
    list.push({
      label: "PGlite (embedded)",
      open: async () => {
        const dir = path.join(import.meta.dirname, "../.data", `pglite-${contacts}`);
        mkdirSync(path.dirname(dir), { recursive: true });
        return openPglite(dir);
      },
    });
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (url && wanted.has("postgres")) {
    list.push({
      label: "PostgreSQL",
      open: async () => {
        const name = `rapport_bench_${contacts}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
        if (exists.rowCount === 0) await admin.query(`create database ${name}`);
        await admin.end();
        const target = new URL(url);
        target.pathname = `/${name}`;
        return openPostgres(target.toString(), { max: 10 });
      },
    });
  }
  return list;
}

/** The seeded workspace of this scale, seeding it on first use. */
async function seededWorkspace(database: Database, contacts: number) {
  const name = `Benchmark ${contacts}`;
  const [existing] = await queryRows<{ id: string; owner: string }>(
    database.db,
    sql`select w.id, m.user_id as owner from workspaces w join memberships m on m.workspace_id = w.id and m.role = 'owner' where w.name = ${name}`,
  );
  if (existing) return { workspaceId: existing.id, ownerId: existing.owner };
  console.log(`Seeding ${contacts.toLocaleString("en")} contacts (kept for later runs)…`);
  const seeded = await seedWorkspace(database.db, { contacts }, name);
  return { workspaceId: seeded.workspaceId, ownerId: seeded.ownerId };
}

/**
 * The app over the seeded workspace of this scale (migrated, seeded on first use), with an API key
 * of its owner and a way to call the API in-process.
 */
export async function benchApp(database: Database, contacts: number) {
  await database.withConnection(migrate);
  const { workspaceId: ws, ownerId } = await seededWorkspace(database, contacts);
  const config = testConfig({ databaseUrl: undefined });
  const log = createLogger("silent");
  // The benchmarks measure requests; the job queue is there (the app needs it) but idle.
  const jobs = new JobQueue({ database, log, ...appBackground(config) });
  await jobs.start({ workers: false });
  const app = await buildApp({ config, database, log, jobs });
  await app.ready();
  const { key } = await createApiKeyRecord(database.db, {
    workspaceId: ws,
    name: "bench",
    role: "admin",
    createdBy: ownerId,
  });
  const headers = { authorization: `Bearer ${key}` };
  const inject = async (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(payload ? { payload: payload as object } : {}),
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return response;
  };
  const close = async () => {
    await app.close();
    await jobs.stop();
  };
  return { ws, app, headers, inject, q: <T>(query: SQL) => queryRows<T>(database.db, query), close };
}

export async function recordsBenchmark(target: Target, options: { contacts: number; n: number }) {
  const database = await target.open();
  try {
    const { ws, inject, q, close } = await benchApp(database, options.contacts);
    // The workspace is kept between runs, and the contacts a run creates (API and raw SQL, named
    // Bench and Batch, without a company) would pile up at the head of the newest-first order: after
    // a dozen runs, 124,300 of them, and a list filtered by company walked past all of them before
    // finding a page. The reads measure the seeded workspace, so earlier runs' writes go first.
    const cleanUp = () =>
      q(sql`delete from contacts where workspace_id = ${ws} and first_name in ('Bench', 'Batch')`);
    await cleanUp();
    const ids = (
      await q<{ id: string }>(
        sql`select id from contacts where workspace_id = ${ws} and deleted_at is null order by random() limit 200`,
      )
    ).map((r) => r.id);
    const [busyOwner] = await q<{ owner_id: string }>(
      sql`select owner_id from contacts where workspace_id = ${ws} and owner_id is not null group by owner_id order by count(*) desc limit 1`,
    );
    const enc = (filter: object) => encodeURIComponent(JSON.stringify(filter));
    const links = (contactIds: string[]) =>
      q(
        sql`select contact_id, company_id, role, is_primary from contact_companies where workspace_id = ${ws} and contact_id in ${contactIds}`,
      );
    const page = async (where: SQL, order: SQL) => {
      const rows = await q<{ id: string }>(
        sql`select * from contacts where workspace_id = ${ws} and deleted_at is null and ${where} order by ${order} limit 51`,
      );
      if (rows.length) await links(rows.map((r) => r.id));
    };

    // A cursor 20 pages deep into the default listing.
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const body = (
        await inject("GET", `/api/v1/contacts?limit=50${cursor ? `&cursor=${cursor}` : ""}`)
      ).json() as {
        nextCursor: string | null;
        data: { id: string; createdAt: string }[];
      };
      cursor = body.nextCursor;
    }
    const [deep] = await q<{ created_at: string; id: string }>(
      sql`select created_at::text, id from contacts where workspace_id = ${ws} and deleted_at is null order by created_at desc, id desc offset 999 limit 1`,
    );

    const n = options.n;
    const rows = [];
    rows.push({
      api: await measure("get contact by id", n, (i) =>
        inject("GET", `/api/v1/contacts/${ids[i % ids.length]}`),
      ),
      sql: await measure("sql", n, async (i) => {
        await q(
          sql`select * from contacts where workspace_id = ${ws} and id = ${ids[i % ids.length]} and deleted_at is null`,
        );
        await links([ids[i % ids.length]!]);
      }),
    });
    rows.push({
      api: await measure("list: owner = X, newest first", n, () =>
        inject(
          "GET",
          `/api/v1/contacts?filter=${enc({ field: "ownerId", op: "eq", value: busyOwner!.owner_id })}`,
        ),
      ),
      sql: await measure("sql", n, () =>
        page(sql`owner_id = ${busyOwner!.owner_id}`, sql`created_at desc, id desc`),
      ),
    });
    rows.push({
      api: await measure("list: custom.tier = gold, by name", n, () =>
        inject(
          "GET",
          `/api/v1/contacts?sort=displayName&filter=${enc({ field: "custom.tier", op: "eq", value: "gold" })}`,
        ),
      ),
      sql: await measure("sql", n, () => page(sql`custom ->> 'tier' = 'gold'`, sql`lower(display_name), id`)),
    });
    rows.push({
      api: await measure("list: company.industry = Software", n, () =>
        inject(
          "GET",
          `/api/v1/contacts?filter=${enc({ field: "company.industry", op: "eq", value: "Software" })}`,
        ),
      ),
      sql: await measure("sql", n, () =>
        page(
          sql`exists (select 1 from companies c where c.workspace_id = contacts.workspace_id and c.id = contacts.company_id and c.deleted_at is null and lower(c.industry) = 'software')`,
          sql`created_at desc, id desc`,
        ),
      ),
    });
    rows.push({
      api: await measure("list: page 21 by cursor", n, () =>
        inject("GET", `/api/v1/contacts?limit=50&cursor=${cursor}`),
      ),
      sql: await measure("sql", n, () =>
        page(
          sql`(created_at, id) < (${deep!.created_at}::timestamptz, ${deep!.id}::uuid)`,
          sql`created_at desc, id desc`,
        ),
      ),
    });
    // The contact with the most linked activities and tasks: its timeline's first page.
    const [busy] = await q<{ id: string }>(
      sql`select target_id as id from record_links where workspace_id = ${ws} and target_type = 'contact'
          group by target_id order by count(*) desc limit 1`,
    );
    rows.push({
      api: await measure("timeline of a busy contact", n, () =>
        inject("GET", `/api/v1/contacts/${busy!.id}/timeline?limit=50`),
      ),
      // By hand: the newest 50 linked activities and tasks with their rows, and the newest 50 changes.
      sql: await measure("sql", n, async () => {
        await q(sql`select a.* from record_links l join activities a on a.workspace_id = l.workspace_id and a.id = l.source_id
                    where l.workspace_id = ${ws} and l.target_type = 'contact' and l.target_id = ${busy!.id}
                      and l.source_type = 'activity' and a.deleted_at is null
                    order by a.occurred_at desc, a.id desc limit 50`);
        await q(sql`select t.* from record_links l join tasks t on t.workspace_id = l.workspace_id and t.id = l.source_id
                    where l.workspace_id = ${ws} and l.target_type = 'contact' and l.target_id = ${busy!.id}
                      and l.source_type = 'task' and t.deleted_at is null
                    order by coalesce(t.completed_at, t.created_at) desc, t.id desc limit 50`);
        await q(sql`select * from outbox_events where workspace_id = ${ws} and object = 'contact' and record_id = ${busy!.id}
                    order by created_at desc, id desc limit 50`);
      }),
    });
    const writes = Math.max(20, Math.floor(n / 2));
    // Each create is a new person (the warm-up repeats indexes, and the workspace outlives the run):
    // the same email, or a similar name at one work domain, is a likely duplicate (409). The
    // duplicate check still runs on every create.
    const run = Date.now().toString(36);
    let created = 0;
    rows.push({
      api: await measure("create contact", writes, () => {
        const k = `${run}${created++}`;
        return inject("POST", "/api/v1/contacts", {
          firstName: "Bench",
          lastName: `Create ${k}`,
          emails: [{ value: `bench.create${k}@c${k}.example.org` }],
        });
      }),
      sql: await measure("sql", writes, (i) =>
        q(sql`insert into contacts (workspace_id, id, first_name, last_name, display_name, email, emails)
              values (${ws}, gen_random_uuid(), 'Bench', ${`Raw ${i}`}, ${`Bench Raw ${i}`}, ${`bench.raw${i}@example.org`},
                      ${JSON.stringify([{ value: `bench.raw${i}@example.org`, label: null, primary: true }])}::jsonb)`),
      ),
    });
    rows.push({
      api: await measure("update contact", writes, (i) =>
        inject("PATCH", `/api/v1/contacts/${ids[i % ids.length]}`, { jobTitle: `Title ${i}` }),
      ),
      sql: await measure("sql", writes, (i) =>
        q(
          sql`update contacts set job_title = ${`Title ${i}`}, version = version + 1, updated_at = now() where workspace_id = ${ws} and id = ${ids[i % ids.length]}`,
        ),
      ),
    });
    const batch = (i: number) => ({
      create: Array.from({ length: 1000 }, (_, j) => ({ firstName: "Batch", lastName: `${i}-${j}` })),
    });
    rows.push({
      api: await measure("batch create of 1,000 contacts", 5, (i) =>
        inject("POST", "/api/v1/contacts/batch", batch(i)),
      ),
      sql: await measure("sql", 5, (i) =>
        q(sql`insert into contacts (workspace_id, id, first_name, last_name, display_name)
              select ${ws}, gen_random_uuid(), 'Batch', ${i}::text || '-' || g, 'Batch ' || g from generate_series(1, 1000) g`),
      ),
    });
    printTable(`Contacts API on ${target.label}: ${options.contacts.toLocaleString("en")} contacts`, rows);
    await cleanUp();
    await close();
  } finally {
    await database.close();
  }
}
