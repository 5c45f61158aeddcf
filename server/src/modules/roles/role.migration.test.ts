import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BUILTIN_ROLE_DEFAULTS, BUILTIN_ROLES, type RolePermissions, withFieldRules } from "@rapport/core";
import { describe, expect, it } from "vitest";
import { openPglite } from "../../platform/db/client.ts";
import { MIGRATIONS_DIR, migrate } from "../../platform/db/migrate.ts";

/** The checked-in migrations before the one named `name` (its tag without the number), in a directory of their own. */
function migrationsBefore(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rapport-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag.replace(/^\d+_/, "") === name);
  if (cut < 0) throw new Error(`No migration named ${name}`);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

describe("the roles migration", () => {
  it("seeds built-in roles for existing workspaces and renames member and viewer", {
    timeout: 180_000,
  }, async () => {
    const before = migrationsBefore("roles_teams");
    const database = await openPglite(undefined);
    try {
      await database.withConnection((runner) => migrate(runner, before));
      await database.withConnection(async (runner) => {
        await runner.exec(`
          insert into workspaces (id, name) values ('01900000-0000-7000-8000-00000000000a', 'Old');
          insert into users (id, email, name, password_hash) values
            ('01900000-0000-7000-8000-0000000000b1', 'o@example.com', 'O', 'x'),
            ('01900000-0000-7000-8000-0000000000b2', 'm@example.com', 'M', 'x'),
            ('01900000-0000-7000-8000-0000000000b3', 'v@example.com', 'V', 'x');
          insert into memberships (workspace_id, user_id, role) values
            ('01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-0000000000b1', 'owner'),
            ('01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-0000000000b2', 'member'),
            ('01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-0000000000b3', 'viewer');
          insert into api_keys (id, workspace_id, name, prefix, key_hash, role) values
            ('01900000-0000-7000-8000-0000000000c1', '01900000-0000-7000-8000-00000000000a', 'k', 'rpk_', 'h', 'viewer');
        `);
        await migrate(runner);
        const roles = await runner.rows<{ key: string; permissions: unknown }>(
          "select key, permissions from roles where workspace_id = '01900000-0000-7000-8000-00000000000a'",
        );
        expect(roles.map((r) => r.key).sort()).toEqual([...BUILTIN_ROLES].sort());
        // Rows seeded before field rules existed have none stored; read through withFieldRules (as the
        // role store does) they get the built-in defaults, such as the support agent's hidden amounts.
        for (const role of roles) {
          expect(withFieldRules(role.key, role.permissions as RolePermissions)).toEqual(
            BUILTIN_ROLE_DEFAULTS[role.key as keyof typeof BUILTIN_ROLE_DEFAULTS].permissions,
          );
        }
        const members = await runner.rows<{ role: string }>("select role from memberships order by user_id");
        expect(members.map((m) => m.role)).toEqual(["owner", "sales_rep", "read_only"]);
        expect((await runner.rows<{ role: string }>("select role from api_keys"))[0]!.role).toBe("read_only");
        // The foreign key now refuses a role the workspace does not have.
        await expect(
          runner.exec(
            "update memberships set role = 'member' where user_id = '01900000-0000-7000-8000-0000000000b2'",
          ),
        ).rejects.toThrow(/memberships_role_fk/);
      });
    } finally {
      await database.close();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
