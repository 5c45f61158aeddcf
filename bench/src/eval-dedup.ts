import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CreateContactBody } from "@rapport/core";
import { sql } from "drizzle-orm";
import {
  type CreateContactInput,
  createContacts,
} from "../../server/src/modules/contacts/contact.service.ts";
import { scanDuplicates } from "../../server/src/modules/duplicates/scan-duplicates.ts";
import { createWorkspaceWithOwner } from "../../server/src/modules/workspaces/create-workspace.ts";
import { systemPrincipal } from "../../server/src/platform/auth/principal.ts";
import { openPglite } from "../../server/src/platform/db/client.ts";
import { queryRows } from "../../server/src/platform/db/index.ts";
import { migrate } from "../../server/src/platform/db/migrate.ts";

// `npm run eval:dedup`: precision, recall and F1 of the duplicate scan on labelled data sets. Each
// set is loaded into a fresh workspace of an in-memory PGlite database through the same service
// (and so the same normalization) as the API's creates, then scanned as the nightly job does. A
// found pair is right when both records carry the same true entity; recall counts every true
// pair of the set.

/** `shared/data/dedup` beside the checkout (`../shared/data`), looked for upwards from it (worktrees sit deeper). */
function dataDir(): string {
  let dir = path.resolve(import.meta.dirname, "../..");
  for (;;) {
    const candidate = path.join(dir, "shared/data/dedup");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("eval:dedup: no shared/data/dedup above the checkout");
    dir = parent;
  }
}
const DATA = dataDir();

type Labelled = { entity: string; contact: CreateContactInput };

/** Splits a line of a simple CSV (no quoted separators in these files), trimming each cell. */
const cells = (line: string) => line.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
  const names = cells(header!);
  return lines.map((line) => Object.fromEntries(cells(line).map((v, i) => [names[i]!, v])));
}

/** `19560409` → `1956-04-09`, or null when it is no calendar date (Febrl corrupts some). */
function isoDate(raw: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(raw);
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`
    ? null
    : `${m[1]}-${m[2]}-${m[3]}`;
}

const orNull = (v: string | undefined) => (v ? v : null);

function febrl(file: string): Labelled[] {
  return readCsv(path.join(DATA, "febrl", file)).map((r) => ({
    entity: r.rec_id!.split("-")[1]!,
    contact: {
      firstName: orNull(r.given_name),
      lastName: orNull(r.surname),
      birthday: isoDate(r.date_of_birth ?? ""),
      address: {
        street: orNull([r.street_number, r.address_1].filter(Boolean).join(" ")),
        city: orNull(r.suburb),
        region: orNull(r.state),
        postalCode: orNull(r.postcode),
      },
    } satisfies CreateContactBody as CreateContactInput,
  }));
}

function splink(): Labelled[] {
  return readCsv(path.join(DATA, "splink", "fake_1000_from_splink_demos.csv")).map((r) => {
    const email = r.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.email) ? r.email : null;
    return {
      entity: r.cluster!,
      contact: {
        firstName: orNull(r.first_name),
        lastName: orNull(r.surname),
        birthday: isoDate(r.dob ?? ""),
        emails: email ? [{ value: email, label: null, primary: true }] : [],
        address: { city: orNull(r.city) },
      } satisfies CreateContactBody as CreateContactInput,
    };
  });
}

const SETS: [string, () => Labelled[]][] = [
  ["febrl dataset1", () => febrl("dataset1.csv")],
  ["febrl dataset2", () => febrl("dataset2.csv")],
  ["febrl dataset3", () => febrl("dataset3.csv")],
  ["splink fake_1000", splink],
];

const database = await openPglite(undefined);
await database.withConnection(migrate);
const db = database.db;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const lines: string[] = [];
try {
  for (const [name, load] of SETS) {
    const records = load();
    const { workspace } = await createWorkspaceWithOwner(db, {
      name,
      owner: { email: `eval-${randomUUID()}@example.com`, name: "Eval", password: "eval eval eval eval" },
    });
    const principal = systemPrincipal(workspace.id);
    const entityOf = new Map<string, string>();
    // A record with no name and no email cannot be a contact; it stays out (its pairs count as missed).
    const loadable = records.filter(
      (r) => r.contact.firstName || r.contact.lastName || r.contact.emails?.length,
    );
    for (let i = 0; i < loadable.length; i += 500) {
      const slice = loadable.slice(i, i + 500);
      const created = await createContacts(
        db,
        principal,
        slice.map((r) => r.contact),
      );
      for (const [j, c] of created.entries()) entityOf.set(c.id, slice[j]!.entity);
    }
    const started = performance.now();
    const scan = await scanDuplicates(db, workspace.id, "contact");
    const seconds = (performance.now() - started) / 1000;
    const groups = await queryRows<{ pairs: { a: string; b: string }[] }>(
      db,
      sql`select pairs from duplicate_groups where workspace_id = ${workspace.id}`,
    );
    const found = groups.flatMap((g) => g.pairs);
    const truePositives = found.filter((p) => entityOf.get(p.a) === entityOf.get(p.b)).length;
    const sizes = new Map<string, number>();
    for (const r of records) sizes.set(r.entity, (sizes.get(r.entity) ?? 0) + 1);
    const truePairs = [...sizes.values()].reduce((n, k) => n + (k * (k - 1)) / 2, 0);
    const precision = found.length ? truePositives / found.length : 0;
    const recall = truePairs ? truePositives / truePairs : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    lines.push(
      `| ${name} | ${records.length} | ${truePairs} | ${found.length} | ${pct(precision)} | ${pct(recall)} | ${pct(f1)} | ${seconds.toFixed(1)} s (${scan.groups} groups) |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
} finally {
  await database.close();
}
process.stdout.write(
  [
    "| data set | records | true pairs | pairs found | precision | recall | F1 | scan |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...lines,
    "",
  ].join("\n"),
);
