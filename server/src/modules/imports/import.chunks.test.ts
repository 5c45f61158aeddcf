import type { ImportSettingsInput } from "@rapport/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  queryRows,
  type SignedIn,
  type StagedImport,
  signUp,
  stagedImport,
  type TestApp,
  until,
} from "../../../test/index.ts";
import { checkSettings } from "./import.service.ts";
import * as store from "./import.store.ts";
import { runImport, runUndo } from "./run-import.ts";

// The set-based write path, run with chunks of a few rows so that files of a few lines cross
// chunk boundaries (a real run takes 2,000 rows a chunk).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

const staged = (owner: SignedIn, body: string, object = "contacts") =>
  stagedImport(owner, body, { object, fileName: `${object}.csv` }) as Promise<
    StagedImport & { suggested: ImportSettingsInput }
  >;

/** Runs a staged import as its job would, `chunkRows` rows per chunk, and answers its state. */
async function runInChunks(
  owner: SignedIn,
  imp: { id: string; suggested: ImportSettingsInput },
  settings: Partial<ImportSettingsInput>,
  chunkRows: number,
  analyzeAfterRows?: number,
) {
  const workspaceId = owner.session.workspace.id;
  const row = await store.findImport(t.database.db, workspaceId, imp.id);
  const checked = await checkSettings(t.database.db, row!, { ...imp.suggested, ...settings });
  await store.updateImport(t.database.db, workspaceId, imp.id, {
    settings: checked.settings,
    status: "queued",
  });
  await runImport(t.database.db, imp.id, workspaceId, { chunkRows, analyzeAfterRows });
  return (await owner.caller.get(`/api/v1/imports/${imp.id}`)).json();
}

async function liveContacts(owner: SignedIn) {
  const data = (await owner.caller.get("/api/v1/contacts?limit=200")).json().data;
  return data as {
    id: string;
    displayName: string;
    email: string | null;
    jobTitle: string | null;
    companyId: string | null;
    phones: { value: string; e164?: string }[];
  }[];
}

describe("chunked import", () => {
  it("updates the oldest of the contacts sharing a matched email", async () => {
    const owner = await signUp(t.app);
    const make = async (jobTitle: string) => {
      const response = await owner.caller.post("/api/v1/contacts?allowDuplicate=true", {
        firstName: "Ada",
        jobTitle,
        emails: [{ value: "ada@example.com" }],
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string };
    };
    const oldest = await make("First");
    const newer = await make("Second");
    const imp = await staged(owner, "Email,Job Title\nADA@example.com,Countess\n");
    const done = await runInChunks(owner, imp, { matchBy: "email", matchPolicy: "update" }, 2);
    expect(done).toMatchObject({ status: "completed", updated: 1, created: 0 });
    const title = async (id: string) => (await owner.caller.get(`/api/v1/contacts/${id}`)).json().jobTitle;
    expect(await title(oldest.id)).toBe("Countess");
    expect(await title(newer.id)).toBe("Second");
  });

  it("links a company the run updated to a parent the file creates later, and its undo unlinks it", async () => {
    const owner = await signUp(t.app);
    const acme = (
      await owner.caller.post("/api/v1/companies", { name: "Acme", domains: ["acme.com"] })
    ).json();
    const file = [
      "Company name,Website,Industry,Parent Company",
      "Acme,acme.com,Rockets,Acme Holdings",
      "Acme Holdings,acme-holdings.com,Finance,",
    ].join("\n");
    const imp = await staged(owner, file, "companies");
    const done = await runInChunks(owner, imp, { matchBy: "domain", matchPolicy: "update" }, 1);
    expect(done).toMatchObject({ status: "completed", created: 1, updated: 1 });
    const companies = (await owner.caller.get("/api/v1/companies?limit=50")).json().data as {
      id: string;
      name: string;
      industry: string | null;
      parentCompanyId: string | null;
    }[];
    const holdings = companies.find((c) => c.name === "Acme Holdings")!;
    expect(companies.find((c) => c.id === acme.id)).toMatchObject({
      industry: "Rockets",
      parentCompanyId: holdings.id,
    });

    const workspaceId = owner.session.workspace.id;
    await store.updateImport(t.database.db, workspaceId, imp.id, { status: "undoing" });
    await runUndo(t.database.db, imp.id, workspaceId);
    const after = (await owner.caller.get(`/api/v1/companies/${acme.id}`)).json();
    expect(after).toMatchObject({ industry: null, parentCompanyId: null });
    expect((await owner.caller.get(`/api/v1/companies/${holdings.id}`)).statusCode).toBe(404);
  });

  it("links a parent company the file creates after its subsidiary, in the same chunk or a later one", async () => {
    const owner = await signUp(t.app);
    const file = [
      "Company name,Website,Parent Company",
      "Initech Labs,initech-labs.example,Initech",
      "Initech,initech.example,",
      "Initrode,initrode.example,initech.example",
      "Loop A,loop-a.example,Loop B",
      "Loop B,loop-b.example,Loop A",
      "Self Co,self.example,Self Co",
      "Loose Co,,Nobody Holdings",
    ].join("\n");
    const imp = await staged(owner, file, "companies");
    const done = await runInChunks(owner, imp, { matchBy: null }, 2);
    expect(done).toMatchObject({ status: "completed", created: 7, rejected: 0 });
    const companies = (await owner.caller.get("/api/v1/companies?limit=50")).json().data as {
      id: string;
      name: string;
      parentCompanyId: string | null;
    }[];
    const id = (name: string) => companies.find((c) => c.name === name)!.id;
    expect(Object.fromEntries(companies.map((c) => [c.name, c.parentCompanyId]))).toEqual({
      // Named before Initech was written (in its chunk): linked once every row was.
      "Initech Labs": id("Initech"),
      Initech: null,
      // Written after Initech's chunk: linked as its row was written.
      Initrode: id("Initech"),
      // Loop B took Loop A as parent as it was written; Loop A under Loop B would close a cycle.
      "Loop A": null,
      "Loop B": id("Loop A"),
      "Self Co": null,
      "Loose Co": null,
    });
    // The late link is a change like any other: in the company's history, with its event.
    const history = (await owner.caller.get(`/api/v1/companies/${id("Initech Labs")}/history`)).json().data;
    expect(history).toContainEqual(
      expect.objectContaining({ field: "parentCompanyId", oldValue: null, newValue: id("Initech") }),
    );
    // A second pass (a retried run) changes nothing.
    await runImport(t.database.db, imp.id, owner.session.workspace.id, { chunkRows: 2 });
    const again = (await owner.caller.get(`/api/v1/companies/${id("Initech Labs")}/history`)).json().data;
    expect(again).toHaveLength(history.length);
  });

  it("refreshes the table's planner statistics after a run that created many rows", async () => {
    const owner = await signUp(t.app);
    const rows = Array.from({ length: 6 }, (_, i) => `Stat${i},stat${i}@example.com`);
    const imp = await staged(owner, ["First Name,Email", ...rows].join("\n"));
    const done = await runInChunks(owner, imp, {}, 2, 5);
    expect(done).toMatchObject({ status: "completed", created: 6 });
    // ANALYZE of a table this small reads it whole: its row estimate is then the exact count.
    const [stats] = await queryRows<{ estimate: number; count: number }>(
      t.database,
      `select (select reltuples from pg_class where oid = 'contacts'::regclass)::int as estimate,
              (select count(*) from contacts)::int as count`,
    );
    expect(stats!.estimate).toBe(stats!.count);
  });

  it("imports exactly the valid rows of chunks mixing valid and rejected rows, with each reason", async () => {
    const owner = await signUp(t.app);
    const file = [
      "First Name,Email,Lifecycle Stage,Phone",
      "Ada,ADA@Example.com,customer,+44 20 7946 0958",
      "Bo,not-an-email,,",
      "Cy,cy@example.com,astronaut,",
      ",,,",
      "Di,di@example.com,lead,",
      "Ed,ed@example.com,,",
      "Flo,flo@,,",
    ].join("\n");
    const imp = await staged(owner, file);
    const done = await runInChunks(owner, imp, {}, 3);
    expect(done).toMatchObject({ status: "completed", rowsDone: 7, created: 3, rejected: 4 });
    const contacts = await liveContacts(owner);
    expect(contacts.map((c) => c.displayName).sort()).toEqual(["Ada", "Di", "Ed"]);
    const ada = contacts.find((c) => c.displayName === "Ada")!;
    expect(ada.email).toBe("ADA@Example.com");
    expect(ada.phones[0]).toMatchObject({ value: "+44 20 7946 0958", e164: "+442079460958" });
    const [stored] = await queryRows<{ email: string; search_text: string }>(
      t.database,
      "select email, search_text from contacts where workspace_id = $1 and id = $2",
      [owner.session.workspace.id, ada.id],
    );
    // The lower-cased lookup column and the generated search text, as a single create writes them.
    expect(stored).toMatchObject({ email: "ada@example.com" });
    expect(stored!.search_text).toContain("442079460958");

    const rejected = (await owner.caller.get(`/api/v1/imports/${imp.id}/rejected.csv`)).body
      .trim()
      .split("\n");
    expect(rejected).toHaveLength(5);
    expect(rejected[1]).toMatch(/^Bo,not-an-email,,,Email: 'not-an-email' is not an email address$/);
    expect(rejected[2]).toContain("lifecycleStage: Use one of the workspace's lifecycle stages");
    expect(rejected[3]).toContain("The row has no name, email or phone");
    expect(rejected[4]).toContain("'flo@' is not an email address");

    // One created event per contact, with the contact as the single create writes it; its history.
    const events = await queryRows<{
      type: string;
      payload: { contact: { id: string; displayName: string } };
    }>(
      t.database,
      "select type, payload from outbox_events where workspace_id = $1 and object = 'contact' order by seq",
      [owner.session.workspace.id],
    );
    expect(events.map((e) => [e.type, e.payload.contact.displayName])).toEqual([
      ["contact.created", "Ada"],
      ["contact.created", "Di"],
      ["contact.created", "Ed"],
    ]);
    const history = (await owner.caller.get(`/api/v1/contacts/${ada.id}/history`)).json();
    expect(history.data.map((h: { field: string }) => h.field).sort()).toEqual(
      expect.arrayContaining(["emails", "firstName", "lifecycleStage", "phones"]),
    );
    const audit = await queryRows<{ action: string; details: { created: number } }>(
      t.database,
      "select action, details from audit_log where workspace_id = $1 and action = 'import.rows_written' order by seq",
      [owner.session.workspace.id],
    );
    // One entry per chunk that created contacts (the third created none).
    expect(audit.map((a) => a.details.created)).toEqual([1, 2]);
  });

  it("updates a contact created by an earlier chunk, and an existing one, when the policy is update", async () => {
    const owner = await signUp(t.app);
    const existing = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Old",
        jobTitle: "Analyst",
        emails: [{ value: "old@example.com" }],
      })
    ).json();
    const file = [
      "Email,First Name,Job Title",
      "new@example.com,New,Clerk",
      // COPY's special characters (tab, newline, backslash) and a quote, inside one quoted cell.
      'other@example.com,Other,"Baker\t\\ ""Bread""\nand cakes"',
      "NEW@example.com,New,Manager",
      "old@example.com,Old,Director",
    ].join("\n");
    const imp = await staged(owner, file);
    const done = await runInChunks(owner, imp, { matchPolicy: "update" }, 2);
    expect(done).toMatchObject({ status: "completed", created: 2, updated: 2, skipped: 0, rejected: 0 });
    const contacts = await liveContacts(owner);
    expect(contacts.map((c) => [c.email, c.jobTitle]).sort()).toEqual([
      // The update writes the file's emails as given; the match ignored their case.
      ["NEW@example.com", "Manager"],
      ["old@example.com", "Director"],
      ["other@example.com", 'Baker\t\\ "Bread"\nand cakes'],
    ]);
    expect(contacts.find((c) => c.email === "old@example.com")!.id).toBe(existing.id);
  });

  it("creates one contact for an email repeated within a chunk and across chunks, skipping the rest", async () => {
    const owner = await signUp(t.app);
    const file = [
      "Email,First Name",
      "sam@example.com,Sam",
      "SAM@example.com,Samuel",
      "kim@example.com,Kim",
      "sam@example.com,Sammy",
      "kim@EXAMPLE.com,Kimberly",
    ].join("\n");
    const imp = await staged(owner, file);
    const done = await runInChunks(owner, imp, { matchPolicy: "skip" }, 3);
    expect(done).toMatchObject({ created: 2, skipped: 3 });
    expect((await liveContacts(owner)).map((c) => c.displayName).sort()).toEqual(["Kim", "Sam"]);
    const outcomes = await queryRows<{ row_no: number; outcome: string; reason: string | null }>(
      t.database,
      "select row_no, outcome, reason from import_rows where workspace_id = $1 and import_id = $2 order by row_no",
      [owner.session.workspace.id, imp.id],
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "skipped", "created", "skipped", "skipped"]);
    expect(outcomes[1]!.reason).toBe("Same email as row 1 of this file");
    expect(outcomes[3]!.reason).toBe("Matches an existing contact by email");
  });

  it("undo trashes everything the chunks created, with an event each, and puts updated fields back", async () => {
    const owner = await signUp(t.app);
    const existing = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Old",
        jobTitle: "Analyst",
        emails: [{ value: "old@example.com" }],
      })
    ).json();
    const acme = (
      await owner.caller.post("/api/v1/companies", { name: "Acme", domains: ["acme.com"] })
    ).json();
    const file = [
      "Email,First Name,Job Title,Company",
      "a@acme.com,A,Clerk,",
      "old@example.com,Old,Director,",
      "b@example.com,B,Baker,Acme",
      "c@example.com,C,Cook,",
      "d@example.com,D,Diver,",
    ].join("\n");
    const imp = await staged(owner, file);
    expect(await runInChunks(owner, imp, { matchPolicy: "update" }, 2)).toMatchObject({
      created: 4,
      updated: 1,
    });
    const linked = await liveContacts(owner);
    expect(
      linked
        .filter((c) => c.companyId === acme.id)
        .map((c) => c.displayName)
        .sort(),
    ).toEqual(["A", "B"]);

    const undo = await owner.caller.post(`/api/v1/imports/${imp.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(202);
    await until(
      async () => (await owner.caller.get(`/api/v1/imports/${imp.id}`)).json().status === "undone",
      30_000,
      "the undo",
    );
    const left = await liveContacts(owner);
    expect(left.map((c) => [c.id, c.jobTitle])).toEqual([[existing.id, "Analyst"]]);
    const trash = (await owner.caller.get("/api/v1/contacts/trash?limit=200")).json().data;
    expect(trash.map((c: { displayName: string }) => c.displayName).sort()).toEqual(["A", "B", "C", "D"]);
    const [deleted] = await queryRows<{ n: number }>(
      t.database,
      "select count(*)::int as n from outbox_events where workspace_id = $1 and type = 'contact.deleted'",
      [owner.session.workspace.id],
    );
    expect(deleted!.n).toBe(4);
    // The trashed contacts can be restored like any other.
    const restored = await owner.caller.post(`/api/v1/contacts/${trash[0].id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it("makes imported contacts findable as created ones are: by a misspelt name, and as duplicates", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(
      owner,
      "First Name,Last Name,Email,Phone\nPerpetua,Quarrington,pq@example.net,+44 20 7946 0123\n",
    );
    expect(await runInChunks(owner, imp, {}, 1)).toMatchObject({ created: 1 });
    const [imported] = await liveContacts(owner);
    const search = async (q: string) =>
      (await owner.caller.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().data as { id: string }[];
    // The dictionary has the imported words (a misspelling finds them), as from a single create.
    expect((await search("perpetau quarringtn"))[0]?.id).toBe(imported!.id);
    // And an update's new words, for a contact created through the API.
    const created = (await owner.caller.post("/api/v1/contacts", { firstName: "Plain" })).json();
    await owner.caller.patch(`/api/v1/contacts/${created.id}`, { lastName: "Wolstenholme" });
    expect((await search("wolstenhome"))[0]?.id).toBe(created.id);
    // Its match keys are indexed: the same email or phone is a likely duplicate of it.
    for (const body of [
      { emails: [{ value: "PQ@example.net" }] },
      { phones: [{ value: "+44 20 7946 0123" }] },
    ]) {
      const again = await owner.caller.post("/api/v1/contacts", { firstName: "Other", ...body });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.body).toContain(imported!.id);
    }
  });

  it("matches and links only within the import's workspace", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app, { workspaceName: "Other Workspace" });
    const theirs = (
      await a.caller.post("/api/v1/contacts", {
        firstName: "Ada",
        jobTitle: "Analyst",
        emails: [{ value: "ada@acme.com" }],
      })
    ).json();
    await a.caller.post("/api/v1/companies", { name: "Acme", domains: ["acme.com"] });
    const imp = await staged(b, "Email,First Name,Job Title,Company\nada@acme.com,Ada,Countess,Acme\n");
    const done = await runInChunks(b, imp, { matchPolicy: "update" }, 1);
    expect(done).toMatchObject({ created: 1, updated: 0 });
    const [mine] = await liveContacts(b);
    expect(mine).toMatchObject({ email: "ada@acme.com", jobTitle: "Countess", companyId: null });
    expect((await a.caller.get(`/api/v1/contacts/${theirs.id}`)).json()).toMatchObject({
      jobTitle: "Analyst",
    });
    expect((await liveContacts(a)).map((c) => c.id)).toEqual([theirs.id]);
    // Nor can the other workspace read the import, its rejected rows or undo it.
    expect((await a.caller.get(`/api/v1/imports/${imp.id}`)).statusCode).toBe(404);
    expect((await a.caller.get(`/api/v1/imports/${imp.id}/rejected.csv`)).statusCode).toBe(404);
    expect((await a.caller.post(`/api/v1/imports/${imp.id}/undo`)).statusCode).toBe(404);
  });
});
