import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPglite, openPostgres } from "./client.ts";
import { listMigrations, migrate, pendingMigrations } from "./migrate.ts";

describe("migrate", () => {
  it("applies every migration once and reports none pending", async () => {
    const database = await openPglite(undefined);
    try {
      expect(await database.withConnection(pendingMigrations)).toBe(listMigrations().length);
      const first = await database.withConnection(migrate);
      expect(first).toEqual(listMigrations().map((m) => m.tag));
      expect(await database.withConnection(migrate)).toEqual([]);
      expect(await database.withConnection(pendingMigrations)).toBe(0);
    } finally {
      await database.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "migrates exactly once when several processes start together",
    async () => {
      const serverUrl = process.env.TEST_DATABASE_URL!;
      const name = `rapport_migrate_${randomBytes(5).toString("hex")}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const databases = Array.from({ length: 4 }, () => openPostgres(url.toString(), { max: 1 }));
      try {
        const results = await Promise.all(databases.map((d) => d.withConnection(migrate)));
        expect(results.flat().sort()).toEqual(
          listMigrations()
            .map((m) => m.tag)
            .sort(),
        );
        expect(results.filter((r) => r.length > 0)).toHaveLength(1);
      } finally {
        await Promise.all(databases.map((d) => d.close()));
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
      }
    },
  );
});
