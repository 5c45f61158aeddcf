import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  expectTenantIsolation,
  mappingTargets,
  queryRows,
  runToEnd,
  type SignedIn,
  sharedData,
  signUp,
  stagedImport,
  type TestApp,
  undoToEnd,
  uploadImport,
} from "../../../test/index.ts";
import { systemPrincipal } from "../../platform/auth/principal.ts";
import { stageImport } from "./import.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

const VCARDS = sharedData("vcard");

const upload = (owner: SignedIn, body: string | Buffer, fileName = "people.csv", type = "text/csv") =>
  uploadImport(owner, body, { fileName, type });

const staged = (owner: SignedIn, body: string | Buffer, fileName?: string) =>
  stagedImport(owner, body, { fileName });

async function contactsOf(owner: SignedIn) {
  return (await owner.caller.get("/api/v1/contacts?limit=200")).json().data as Record<string, unknown>[];
}

describe("import upload and mapping", () => {
  it("recognises the contact export headers of each vendor", async () => {
    const owner = await signUp(t.app);
    const vendors: [string, string, string[]][] = [
      [
        "HubSpot",
        "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Job Title,Company Name,Street Address,City,State/Region,Postal Code,Country/Region,Lifecycle Stage",
        [
          "",
          "firstName",
          "lastName",
          "email",
          "phone",
          "phone",
          "jobTitle",
          "companyName",
          "street",
          "city",
          "region",
          "postalCode",
          "country",
          "lifecycleStage",
        ],
      ],
      [
        "Salesforce",
        "First Name,Last Name,Title,Account Name,Email,Phone,Mobile,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Lead Source,Birthdate",
        [
          "firstName",
          "lastName",
          "jobTitle",
          "companyName",
          "email",
          "phone",
          "phone",
          "street",
          "city",
          "region",
          "postalCode",
          "country",
          "leadSource",
          "birthday",
        ],
      ],
      [
        "Pipedrive",
        "Person - Name,Person - Email - Work,Person - Phone - Mobile,Person - Organization,Person - Labels",
        ["fullName", "email", "phone", "companyName", "tags"],
      ],
      [
        "Zoho",
        "First Name,Last Name,Email,Secondary Email,Mobile,Account Name,Mailing Zip,Date of Birth,Description",
        [
          "firstName",
          "lastName",
          "email",
          "email",
          "phone",
          "companyName",
          "postalCode",
          "birthday",
          "description",
        ],
      ],
      [
        "Google",
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Group Membership",
        [
          "fullName",
          "firstName",
          "lastName",
          "",
          "email",
          "email",
          "phone",
          "companyName",
          "jobTitle",
          "tags",
        ],
      ],
      [
        "Outlook",
        "First Name,Last Name,E-mail Address,E-mail 2 Address,Business Phone,Home Phone,Company,Job Title,Business City,Business Country/Region,Categories,Notes",
        [
          "firstName",
          "lastName",
          "email",
          "email",
          "phone",
          "phone",
          "companyName",
          "jobTitle",
          "city",
          "country",
          "tags",
          "description",
        ],
      ],
    ];
    for (const [vendor, header, expected] of vendors) {
      const imp = await staged(
        owner,
        `${header}\n${header
          .split(",")
          .map(() => "x")
          .join(",")}\n`,
      );
      expect(mappingTargets(imp), vendor).toEqual(expected);
    }
    const outlook = await staged(owner, "First Name,Business Phone,Mobile Phone\nAda,1,2\n");
    expect(outlook.suggested.mapping.map((m: { label: string | null }) => m.label)).toEqual([
      null,
      "work",
      "mobile",
    ]);
  });

  it("maps a column to a custom field by its label", async () => {
    const owner = await signUp(t.app);
    const field = await owner.caller.post("/api/v1/fields/contacts", {
      key: "crm_id",
      label: "Legacy CRM ID",
      type: "text",
    });
    expect(field.statusCode, field.body).toBe(201);
    const imp = await staged(owner, "Email,Legacy CRM ID\na@example.com,L-1\n");
    expect(mappingTargets(imp)).toEqual(["email", "custom.crm_id"]);
  });

  it("reads UTF-8 with a BOM and semicolons, UTF-16 with tabs, Windows-1252, and quoted newlines", async () => {
    const owner = await signUp(t.app);
    const bom = await staged(
      owner,
      Buffer.from('\uFEFFFirst Name;Last Name;Notes\nZoë;Ñúñez;"line one\nline two; still notes"\n', "utf-8"),
    );
    expect(bom).toMatchObject({
      encoding: "utf-8",
      delimiter: ";",
      headers: ["First Name", "Last Name", "Notes"],
      totalRows: 1,
    });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("First Name\tEmail\nŁukasz\tl@example.com\n", "utf16le"),
    ]);
    const u = await staged(owner, utf16);
    expect(u).toMatchObject({ encoding: "utf-16le", delimiter: "\t", headers: ["First Name", "Email"] });
    const ansi = Buffer.concat([
      Buffer.from("First Name,City\nRen"),
      Buffer.from([0xe9]),
      Buffer.from(",M"),
      Buffer.from([0xfc]),
      Buffer.from("nchen\n"),
    ]);
    const w = await staged(owner, ansi);
    expect(w.encoding).toBe("windows-1252");
    for (const imp of [bom, u, w]) {
      const preview = await owner.caller.post(`/api/v1/imports/${imp.id}/preview`, imp.suggested);
      expect(preview.statusCode, preview.body).toBe(200);
      const [row] = preview.json().rows;
      expect(row.errors).toEqual([]);
      if (imp === bom) {
        expect(row.cells).toEqual(["Zoë", "Ñúñez", "line one\nline two; still notes"]);
        expect(row.record).toMatchObject({
          firstName: "Zoë",
          lastName: "Ñúñez",
          description: "line one\nline two; still notes",
        });
      }
      if (imp === u)
        expect(row.record).toMatchObject({ firstName: "Łukasz", emails: [{ value: "l@example.com" }] });
      if (imp === w) expect(row.cells).toEqual(["René", "München"]);
    }
  });

  it("previews each row with its problems, and applies the transforms", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(
      owner,
      "Full Name,Email,Birthday,Phone\nAda Lovelace,ada@example.com,31/12/1990,01 23 45 67 89\nBob,not-an-email,31/02/1990,\n",
    );
    const settings = {
      mapping: [
        { column: 0, target: "fullName" },
        { column: 1, target: "email" },
        { column: 2, target: "birthday" },
        { column: 3, target: "phone", label: "work" },
      ],
      dateFormat: "DD/MM/YYYY",
      phoneCountry: "FR",
    };
    const preview = (await owner.caller.post(`/api/v1/imports/${imp.id}/preview`, settings)).json();
    expect(preview.rows[0]).toMatchObject({
      errors: [],
      record: {
        firstName: "Ada",
        lastName: "Lovelace",
        birthday: "1990-12-31",
        phones: [{ value: "+33 1 23 45 67 89", label: "work", primary: true }],
      },
    });
    expect(preview.rows[1].errors).toEqual([
      "Email: 'not-an-email' is not an email address",
      "Birthday: '31/02/1990' is not a date in the format DD/MM/YYYY",
    ]);
    const bad = await owner.caller.post(`/api/v1/imports/${imp.id}/preview`, {
      mapping: [
        { column: 9, target: "email" },
        { column: 0, target: "shoeSize" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      "mapping[0].column",
      "mapping[1].target",
    ]);
  });
});

describe("malformed files", () => {
  it("refuses a binary file, an empty file and a header-only file, staging nothing", async () => {
    const owner = await signUp(t.app);
    const png =
      readFileSync(path.join(import.meta.dirname, "../../../../web/public/favicon.svg")).length > 0
        ? Buffer.from([
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0,
          ])
        : Buffer.alloc(0);
    const binary = await upload(owner, png, "photo.csv");
    expect(binary.statusCode).toBe(415);
    expect(binary.json().detail).toContain("not a CSV text file");
    const empty = await upload(owner, "", "empty.csv");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toContain("empty");
    const headerOnly = await upload(owner, "First Name,Email\n", "h.csv");
    expect(headerOnly.statusCode).toBe(400);
    expect(headerOnly.json().detail).toContain("no data rows");
    const noCards = await upload(owner, "BEGIN:VCARD\nVERSION:3.0\nFN:Cut off", "cut.vcf", "text/vcard");
    expect(noCards.statusCode).toBe(400);
    expect(noCards.json().detail).toContain("holds no vCard");
    expect((await owner.caller.get("/api/v1/imports")).json().data).toEqual([]);
  });

  it("refuses a file mixing encodings with a message naming the byte", async () => {
    const owner = await signUp(t.app);
    const valid = `First Name,Email\n${"Ada,ada@example.com\n".repeat(5000)}`;
    const mixed = Buffer.concat([Buffer.from(valid), Buffer.from([0xff, 0xfe, 0x41, 0x0a])]);
    const response = await upload(owner, mixed);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/not valid UTF-8 text after byte \d+/);
    expect((await owner.caller.get("/api/v1/imports")).json().data).toEqual([]);
  });

  it("imports exactly the valid rows of a ragged file, or nothing, as chosen", async () => {
    const owner = await signUp(t.app);
    const file =
      "First Name,Email\nAda,ada@example.com\nBob,bob@example.com,extra\nCy\nDee,dee@example.com\n";
    const strict = await staged(owner, file);
    const failed = await runToEnd(owner, strict.id, { ...strict.suggested, onInvalid: "abort" });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("2 of 4 rows are not valid, so nothing was imported");
    expect(await contactsOf(owner)).toEqual([]);

    const lenient = await staged(owner, file);
    const done = await runToEnd(owner, lenient.id, lenient.suggested);
    expect(done).toMatchObject({ status: "completed", rowsDone: 4, created: 2, rejected: 2 });
    expect((await contactsOf(owner)).map((c) => c.displayName).sort()).toEqual(["Ada", "Dee"]);
    const rejected = await owner.caller.get(`/api/v1/imports/${lenient.id}/rejected.csv`);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.headers["content-type"]).toContain("text/csv");
    expect(rejected.body.trim().split("\n")).toEqual([
      "First Name,Email,Reason",
      'Bob,bob@example.com,"This row has 3 values; the header has 2 columns (a missing or extra delimiter, or an unclosed quote)"',
      'Cy,,"This row has 1 values; the header has 2 columns (a missing or extra delimiter, or an unclosed quote)"',
    ]);
  });
});

describe("running an import", () => {
  it("a dry run counts what would happen and writes nothing", async () => {
    const owner = await signUp(t.app);
    await owner.caller.post("/api/v1/contacts", { firstName: "Old", emails: [{ value: "old@example.com" }] });
    const imp = await staged(
      owner,
      "Email,First Name\nold@example.com,Updated\nnew@example.com,New\nbad,Bad\n",
    );
    const dry = await owner.caller.post(`/api/v1/imports/${imp.id}/dry-run`, {
      ...imp.suggested,
      matchPolicy: "update",
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ rows: 3, created: 1, updated: 1, skipped: 0, rejected: 1 });
    expect(dry.json().rejections).toEqual([{ rowNo: 3, reason: "Email: 'bad' is not an email address" }]);
    const contacts = await contactsOf(owner);
    expect(contacts.map((c) => c.displayName)).toEqual(["Old"]);
    expect((await owner.caller.get(`/api/v1/imports/${imp.id}`)).json()).toMatchObject({
      status: "staged",
      rowsDone: 0,
    });
    const [history] = await queryRows<{ n: number }>(
      t.database,
      "select count(distinct change_id)::int as n from field_history where workspace_id = $1",
      [owner.session.workspace.id],
    );
    // Only the existing contact's creation: the dry run's writes were rolled back.
    expect(history!.n).toBe(1);
    const [outbox] = await queryRows<{ events: number }>(
      t.database,
      "select count(*)::int as events from outbox_events where workspace_id = $1",
      [owner.session.workspace.id],
    );
    expect(outbox!.events).toBe(1);
  });

  it("skips, updates or creates rows matching an existing contact by email or an external id", async () => {
    const owner = await signUp(t.app);
    await owner.caller.post("/api/v1/fields/contacts", {
      key: "ext_id",
      label: "External ID",
      type: "text",
    });
    const existing = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Ada",
        jobTitle: "Analyst",
        emails: [{ value: "ada@example.com" }],
        custom: { ext_id: "E-1" },
      })
    ).json();
    const file =
      "Email,First Name,Job Title,External ID\nADA@example.com,Ada,Countess,E-1\nbo@example.com,Bo,Clerk,E-2\n";

    const skip = await staged(owner, file);
    expect(await runToEnd(owner, skip.id, { ...skip.suggested, matchPolicy: "skip" })).toMatchObject({
      created: 1,
      skipped: 1,
    });
    expect((await owner.caller.get(`/api/v1/contacts/${existing.id}`)).json().jobTitle).toBe("Analyst");

    const update = await staged(owner, file.replace("bo@", "cy@").replace("E-2", "E-3"));
    expect(
      await runToEnd(owner, update.id, {
        ...update.suggested,
        matchBy: "custom.ext_id",
        matchPolicy: "update",
      }),
    ).toMatchObject({ created: 1, updated: 1 });
    expect((await owner.caller.get(`/api/v1/contacts/${existing.id}`)).json().jobTitle).toBe("Countess");

    const create = await staged(owner, "Email,First Name\nada@example.com,Ada Again\n");
    expect(await runToEnd(owner, create.id, { ...create.suggested, matchPolicy: "create" })).toMatchObject({
      created: 1,
    });
    const ada = (await contactsOf(owner)).filter(
      (c) => (c.email as string).toLowerCase() === "ada@example.com",
    );
    expect(ada).toHaveLength(2);
  });

  it("treats a repeated email within the file as a match of its first row", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, "Email,First Name\nsam@example.com,Sam\nSAM@example.com,Samuel\n");
    const done = await runToEnd(owner, imp.id, imp.suggested);
    expect(done).toMatchObject({ created: 1, skipped: 1 });
    expect((await contactsOf(owner)).map((c) => c.displayName)).toEqual(["Sam"]);
  });

  it("links companies by name or domain, writes history, outbox and audit, and keeps progress", async () => {
    const owner = await signUp(t.app);
    const acme = (
      await owner.caller.post("/api/v1/companies", { name: "Acme Corp", domains: ["acme.com"] })
    ).json();
    const globex = (await owner.caller.post("/api/v1/companies", { name: "Globex" })).json();
    const imp = await staged(
      owner,
      "First Name,Company,Website\nAda,,https://www.acme.com/about\nBo,globex,\nCy,Nobody Inc,\n",
    );
    const done = await runToEnd(owner, imp.id, imp.suggested);
    expect(done).toMatchObject({ status: "completed", rowsDone: 3, created: 3 });
    expect(done.rowsPerSecond).toBeGreaterThan(0);
    const byName = Object.fromEntries((await contactsOf(owner)).map((c) => [c.displayName, c.companyId]));
    expect(byName).toEqual({ Ada: acme.id, Bo: globex.id, Cy: null });
    const audit = await queryRows<{ action: string }>(
      t.database,
      "select action from audit_log where workspace_id = $1 and action like 'import.%' order by seq",
      [owner.session.workspace.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["import.started", "import.rows_written", "import.completed"]);
    const [outbox] = await queryRows<{ events: number }>(
      t.database,
      "select count(*)::int as events from outbox_events where workspace_id = $1 and type = 'contact.created'",
      [owner.session.workspace.id],
    );
    expect(outbox!.events).toBe(3);
    const again = await owner.caller.post(`/api/v1/imports/${imp.id}/run`, imp.suggested);
    expect(again.statusCode).toBe(409);
  });

  it("rejects rows the contact service refuses, with its reason, and imports the rest", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, "First Name,Lifecycle Stage\nAda,customer\nBo,astronaut\n");
    const done = await runToEnd(owner, imp.id, imp.suggested);
    expect(done).toMatchObject({ created: 1, rejected: 1 });
    const csv = (await owner.caller.get(`/api/v1/imports/${imp.id}/rejected.csv`)).body;
    expect(csv).toContain("Bo,astronaut,");
    expect(csv).toContain("lifecycleStage: Use one of the workspace's lifecycle stages");
  });

  it("undoes an import: created contacts go to the trash, updated fields get their old values", async () => {
    const owner = await signUp(t.app);
    for (const key of ["tier", "region"]) {
      const field = await owner.caller.post("/api/v1/fields/contacts", { key, label: key, type: "text" });
      expect(field.statusCode, field.body).toBe(201);
    }
    const existing = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "Ada",
        jobTitle: "Analyst",
        emails: [{ value: "ada@example.com" }],
        custom: { tier: "gold" },
      })
    ).json();
    const imp = await staged(
      owner,
      "Email,Job Title,First Name,tier,region\nada@example.com,Countess,Ada,platinum,EMEA\nbo@example.com,Clerk,Bo,,\n",
    );
    expect(mappingTargets(imp)).toEqual(["email", "jobTitle", "firstName", "custom.tier", "custom.region"]);
    await runToEnd(owner, imp.id, { ...imp.suggested, matchPolicy: "update" });
    expect((await contactsOf(owner)).length).toBe(2);
    const updated = (await owner.caller.get(`/api/v1/contacts/${existing.id}`)).json();
    expect(updated.custom).toEqual({ tier: "platinum", region: "EMEA" });
    await undoToEnd(owner, imp.id);
    const left = await contactsOf(owner);
    expect(left.map((c) => c.id)).toEqual([existing.id]);
    expect(left[0]).toMatchObject({ jobTitle: "Analyst", firstName: "Ada" });
    // A custom value the import changed is put back; one it added is removed.
    const restored = (await owner.caller.get(`/api/v1/contacts/${existing.id}`)).json();
    expect(restored.custom).toEqual({ tier: "gold" });
    const trash = (await owner.caller.get("/api/v1/contacts/trash")).json().data;
    expect(trash.map((c: { displayName: string }) => c.displayName)).toEqual(["Bo"]);
    expect((await owner.caller.post(`/api/v1/imports/${imp.id}/undo`)).statusCode).toBe(409);
  });
});

describe("vCard import", () => {
  it("imports vCard 2.1, 3.0 and 4.0 files with their emails, phones, organisation, birthday and address", async () => {
    const owner = await signUp(t.app);
    const ibm = (await owner.caller.post("/api/v1/companies", { name: "IBM" })).json();
    for (const file of [
      "ez-vcard/John_Doe_IPHONE.vcf",
      "ez-vcard/John_Doe_ANDROID.vcf",
      "ez-vcard/rfc6350-example.vcf",
    ]) {
      const imp = await staged(owner, readFileSync(path.join(VCARDS, file)), path.basename(file));
      expect(imp.format).toBe("vcard");
      const done = await runToEnd(owner, imp.id, { ...imp.suggested, matchPolicy: "create" });
      expect(done.status, file).toBe("completed");
      const rejected = (await owner.caller.get(`/api/v1/imports/${imp.id}/rejected.csv`)).body;
      if (file.endsWith("ANDROID.vcf")) {
        // Its fifth card's second email is "ÑÑÑ…", not an address: that card is rejected, with the reason.
        expect(done.rejected).toBe(1);
        expect(rejected.trim().split("\n")).toEqual([
          "Row,Reason",
          "5,emails[1].value: Enter a valid email address",
        ]);
      } else expect(done.rejected, `${file}: ${rejected}`).toBe(0);
    }
    const contacts = await contactsOf(owner);
    const john = contacts.find((c) => c.email === "john.doe@ibm.com")!;
    expect(john).toMatchObject({
      firstName: "John Richter James",
      lastName: "Doe",
      birthday: "2012-06-06",
      companyId: ibm.id,
    });
    expect((john.phones as { label: string }[]).slice(0, 3).map((p) => p.label)).toEqual([
      "mobile",
      "home",
      "work",
    ]);
    expect(john.address).toMatchObject({ city: "New York", postalCode: "12345" });
    const android = contacts.find((c) => (c.displayName as string).startsWith("Ñ Ñ Ñ Ñ Ñ Ñ"))!;
    expect((android.phones as unknown[]).length).toBe(4);
    const simon = contacts.find((c) => c.lastName === "Perreault")!;
    expect(simon).toMatchObject({ firstName: "Simon", address: { city: "Quebec" } });
  });

  it("imports the 1,000-card file", async () => {
    const owner = await signUp(t.app);
    const file = path.join(
      VCARDS,
      "FolkerKinzel-VCards/src/FolkerKinzel.VCards.Tests/TestFiles/LargeFile.vcf",
    );
    const imp = await staged(owner, readFileSync(file), "LargeFile.vcf");
    expect(imp.totalRows).toBe(1000);
    const done = await runToEnd(owner, imp.id, { ...imp.suggested, matchPolicy: "create" });
    expect(done).toMatchObject({ status: "completed", rowsDone: 1000 });
    expect(done.created + done.rejected).toBe(1000);
    expect(done.created).toBeGreaterThan(990);
  });
});

describe("import access", () => {
  it("keeps imports to their workspace and refuses viewers", async () => {
    const owner = await signUp(t.app);
    const imp = await staged(owner, "Email\na@example.com\n");
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async () => `/api/v1/imports/${imp.id}`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "POST",
      create: async () => `/api/v1/imports/${imp.id}/run`,
      body: imp.suggested,
      check: `/api/v1/imports/${imp.id}`,
    });
    await expectTenantIsolation(t.app, owner, {
      method: "GET",
      create: async () => `/api/v1/imports/${imp.id}/rejected.csv`,
    });
    // Importing is a permission of its own: read-only and (by default) sales reps lack it.
    const rep = await addMember(t.app, owner, "sales_rep");
    expect((await upload(rep, "Email\nb@example.com\n")).statusCode).toBe(403);
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await upload(viewer, "Email\nb@example.com\n")).statusCode).toBe(403);
    expect((await viewer.caller.get(`/api/v1/imports/${imp.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/imports/${imp.id}/run`, imp.suggested)).statusCode).toBe(403);
    expect((await viewer.caller.post(`/api/v1/imports/${imp.id}/undo`)).statusCode).toBe(403);
    const manager = await addMember(t.app, owner, "sales_manager");
    expect((await upload(manager, "Email\nc@example.com\n")).statusCode).toBe(201);
  });
});

describe("import size limit", () => {
  it("refuses a file over the limit with a message, staging nothing", async () => {
    const owner = await signUp(t.app);
    const principal = systemPrincipal(owner.session.workspace.id);
    const chunks = async function* () {
      for (let i = 0; i < 20; i++) yield Buffer.from(`Email\n${"a@example.com\n".repeat(1000)}`);
    };
    const attempt = stageImport(
      t.database.db,
      principal,
      { object: "contacts", fileName: "big.csv", body: chunks() },
      100_000,
    );
    await expect(attempt).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(attempt).rejects.toThrow("larger than 98 KB");
    const declared = stageImport(t.database.db, principal, {
      object: "contacts",
      fileName: "huge.csv",
      body: chunks(),
      declaredBytes: 2 * 1024 ** 3,
    });
    await expect(declared).rejects.toThrow(
      "The file is larger than 1024 MB, the most one import takes. Split it",
    );
    expect((await owner.caller.get("/api/v1/imports")).json().data).toEqual([]);
  });
});
