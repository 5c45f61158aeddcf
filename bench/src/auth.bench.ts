import { BUILTIN_ROLE_DEFAULTS } from "@rapport/core";
import { createTestApp, queryRows, signUp } from "@rapport/server/test";
import { hashToken } from "../../server/src/platform/auth/tokens.ts";
import { measure, printTable } from "./measure.ts";

/**
 * The cost every request pays: resolving a session cookie or an API key to a principal, on a
 * database holding many workspaces, users, sessions and keys.
 */
export async function authBenchmark(options: {
  n: number;
  workspaces: number;
  databaseUrl: string | undefined;
}) {
  const previous = process.env.TEST_DATABASE_URL;
  if (options.databaseUrl) process.env.TEST_DATABASE_URL = options.databaseUrl;
  else delete process.env.TEST_DATABASE_URL;
  const t = await createTestApp();
  if (previous === undefined) delete process.env.TEST_DATABASE_URL;
  else process.env.TEST_DATABASE_URL = previous;
  try {
    const owner = await signUp(t.app, { workspaceName: "Bench" });
    await seed(t, options.workspaces);
    const key = (await owner.caller.post("/api/v1/api-keys", { name: "bench", role: "admin" })).json()
      .key as string;
    const cookie = (owner.caller.auth as { cookie: string }).cookie;
    const sessionToken = /rapport_session=([^;]+)/.exec(cookie)![1]!;
    const sessionHash = hashToken(sessionToken);
    const keyHash = hashToken(key);
    const workspaceId = owner.session.workspace.id;

    const rows = [
      {
        api: await measure("GET /api/v1/workspace (session cookie)", options.n, () =>
          t.app.inject({ url: "/api/v1/workspace", headers: { cookie } }),
        ),
        sql: await measure("sql", options.n, async () => {
          await queryRows(
            t.database,
            `select s.id, m.role from sessions s join memberships m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
             where s.token_hash = $1 and s.expires_at > now()`,
            [sessionHash],
          );
          await queryRows(t.database, "select * from workspaces where id = $1", [workspaceId]);
        }),
      },
      {
        api: await measure("GET /api/v1/members (API key)", options.n, () =>
          t.app.inject({ url: "/api/v1/members", headers: { authorization: `Bearer ${key}` } }),
        ),
        sql: await measure("sql", options.n, async () => {
          await queryRows(
            t.database,
            "select id, workspace_id, role from api_keys where key_hash = $1 and revoked_at is null",
            [keyHash],
          );
          await queryRows(
            t.database,
            "select u.id, u.email, u.name, m.role from memberships m join users u on u.id = m.user_id where m.workspace_id = $1 order by m.created_at",
            [workspaceId],
          );
        }),
      },
      {
        api: await measure(
          "POST /api/v1/auth/sign-in (argon2id)",
          Math.max(20, Math.floor(options.n / 20)),
          () =>
            t.app.inject({
              method: "POST",
              url: "/api/v1/auth/sign-in",
              payload: { email: owner.email, password: owner.password },
            }),
        ),
        sql: undefined,
      },
    ];
    const label = options.databaseUrl ? "PostgreSQL" : "PGlite (embedded)";
    printTable(
      `Authentication on ${label}: ${options.workspaces} workspaces, ${options.workspaces * 5} users and sessions`,
      rows,
    );
  } finally {
    await t.close();
  }
}

/** Many tenants, written in bulk with SQL so that seeding takes seconds. */
async function seed(t: Awaited<ReturnType<typeof createTestApp>>, workspaces: number) {
  const hash = (
    await queryRows<{ password_hash: string }>(t.database, "select password_hash from users limit 1")
  )[0]!.password_hash;
  await queryRows(
    t.database,
    `with w as (
       insert into workspaces (id, name) select gen_random_uuid(), 'Workspace ' || g from generate_series(1, $1) g returning id
     ), r as (
       insert into roles (workspace_id, key, name, builtin, permissions)
       select id, 'sales_rep', 'Sales rep', true, $3::jsonb from w returning workspace_id
     ), u as (
       insert into users (id, email, name, password_hash)
       select gen_random_uuid(), 'user' || g || '-' || w.id || '@example.com', 'User ' || g, $2
       from w, generate_series(1, 5) g returning id, email
     ), m as (
       insert into memberships (workspace_id, user_id, role)
       select w.id, u.id, 'sales_rep' from u join w on u.email like '%-' || w.id || '@example.com' returning workspace_id, user_id
     )
     insert into sessions (id, token_hash, user_id, workspace_id, csrf_token, expires_at)
     select gen_random_uuid(), md5(random()::text) || md5(random()::text), user_id, workspace_id, 'x', now() + interval '14 days' from m`,
    [workspaces, hash, JSON.stringify(BUILTIN_ROLE_DEFAULTS.sales_rep.permissions)],
  );
  await queryRows(t.database, "analyze");
}
