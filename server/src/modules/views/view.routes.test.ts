import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createApiKey,
  createTestApp,
  expectTenantIsolation,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bigDeals = {
  object: "deals",
  name: "Big deals",
  filter: {
    and: [
      { field: "amount", op: "gte", value: 10000 },
      { field: "ownerId", op: "eq", value: "me" },
    ],
  },
  sort: "-amount,name",
  columns: [{ key: "name", width: 240 }, { key: "amount" }, { key: "stage" }],
};

const create = async (who: SignedIn, body: Record<string, unknown>) => {
  const response = await who.caller.post("/api/v1/views", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};
const names = async (who: SignedIn, object: string) =>
  (await who.caller.get(`/api/v1/views?object=${object}`)).json().data.map((v: { name: string }) => v.name);

describe("saved views", () => {
  it("saves, reads, lists, changes and deletes a view", async () => {
    const owner = await signUp(t.app);
    const created = await owner.caller.post("/api/v1/views", bigDeals);
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const view = created.json();
    expect(view).toMatchObject({
      ...bigDeals,
      visibility: "personal",
      isDefault: false,
      canEdit: true,
      createdBy: owner.session.user.id,
      version: 1,
    });
    expect((await owner.caller.get(`/api/v1/views/${view.id}`)).json()).toEqual(view);
    expect(await names(owner, "deals")).toEqual(["Big deals"]);
    expect(await names(owner, "contacts")).toEqual([]);

    const changed = await owner.caller.patch(
      `/api/v1/views/${view.id}`,
      { name: "Biggest", columns: [{ key: "amount", width: 120 }] },
      { "if-match": '"1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      name: "Biggest",
      columns: [{ key: "amount", width: 120 }],
      version: 2,
    });
    expect(changed.json().filter).toEqual(bigDeals.filter);

    const stale = await owner.caller.patch(
      `/api/v1/views/${view.id}`,
      { name: "Stale" },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe("precondition_failed");

    const cleared = await owner.caller.patch(`/api/v1/views/${view.id}`, { filter: null, sort: "" });
    expect(cleared.json()).toMatchObject({ filter: null, sort: "", version: 3 });

    expect((await owner.caller.delete(`/api/v1/views/${view.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
  });

  it("answers 400 naming the path of a bad filter, sort, column or name", async () => {
    const owner = await signUp(t.app);
    const badOp = await owner.caller.post("/api/v1/views", {
      ...bigDeals,
      filter: {
        and: [
          { field: "amount", op: "gte", value: 1 },
          { field: "name", op: "gt", value: "x" },
        ],
      },
    });
    expect(badOp.statusCode).toBe(400);
    expect(badOp.json().errors[0].path).toBe("filter.and[1].op");

    const unknownField = await owner.caller.post("/api/v1/views", {
      ...bigDeals,
      filter: { field: "company.nope", op: "eq", value: "x" },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors[0].path).toBe("filter.field");

    const malformed = await owner.caller.post("/api/v1/views", { ...bigDeals, filter: { or: "x" } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe("filter.or");

    // A field that exists on contacts but not on deals.
    const wrongObject = await owner.caller.post("/api/v1/views", {
      ...bigDeals,
      filter: { field: "jobTitle", op: "eq", value: "CEO" },
    });
    expect(wrongObject.json().errors[0].path).toBe("filter.field");

    const badSort = await owner.caller.post("/api/v1/views", { ...bigDeals, sort: "-nope" });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0].path).toBe("sort");

    const dupColumns = await owner.caller.post("/api/v1/views", {
      ...bigDeals,
      columns: [{ key: "name" }, { key: "name" }],
    });
    expect(dupColumns.statusCode).toBe(400);
    expect(dupColumns.json().errors[0].path).toBe("columns");

    const noName = await owner.caller.post("/api/v1/views", { ...bigDeals, name: " " });
    expect(noName.json().errors[0].path).toBe("name");
    const badObject = await owner.caller.post("/api/v1/views", { ...bigDeals, object: "tickets" });
    expect(badObject.json().errors[0].path).toBe("object");

    const view = await create(owner, bigDeals);
    const badPatch = await owner.caller.patch(`/api/v1/views/${view.id}`, {
      filter: { field: "amount", op: "between", value: [10, 1] },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors[0].path).toBe("filter.value");
    expect(await names(owner, "deals")).toEqual(["Big deals"]);
  });

  it("accepts custom fields, relation paths and relative dates in a view's filter", async () => {
    const owner = await signUp(t.app);
    const field = await owner.caller.post("/api/v1/fields/contacts", { label: "Tier", type: "number" });
    expect(field.statusCode, field.body).toBe(201);
    await create(owner, {
      object: "contacts",
      name: "Recent VIPs",
      filter: {
        and: [
          { field: "custom.tier", op: "gte", value: 2 },
          { field: "company.industry", op: "eq", value: "Software" },
          { field: "createdAt", op: "gte", value: { relative: "last_n_days", n: 30 } },
        ],
      },
      sort: "-custom.tier",
    });
  });

  it("keeps personal views to their creator and shared views to everyone", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const viewer = await addMember(t.app, owner, "read_only");
    const mine = await create(member, { ...bigDeals, name: "Member's own" });
    const shared = await create(member, { ...bigDeals, name: "Team pipeline", visibility: "shared" });

    expect(await names(member, "deals")).toEqual(["Member's own", "Team pipeline"]);
    expect(await names(owner, "deals")).toEqual(["Team pipeline"]);
    expect(await names(viewer, "deals")).toEqual(["Team pipeline"]);
    for (const other of [owner, viewer]) {
      expect((await other.caller.get(`/api/v1/views/${mine.id}`)).statusCode).toBe(404);
      expect((await other.caller.patch(`/api/v1/views/${mine.id}`, { name: "x" })).statusCode).toBe(404);
      expect((await other.caller.delete(`/api/v1/views/${mine.id}`)).statusCode).toBe(404);
      expect((await other.caller.request("PUT", `/api/v1/views/${mine.id}/default`, {})).statusCode).toBe(
        404,
      );
    }

    // A viewer may keep personal views but not share one.
    const viewerOwn = await create(viewer, { ...bigDeals, name: "Viewer's own" });
    const viewerShares = await viewer.caller.post("/api/v1/views", { ...bigDeals, visibility: "shared" });
    expect(viewerShares.statusCode).toBe(403);
    const viewerPromotes = await viewer.caller.patch(`/api/v1/views/${viewerOwn.id}`, {
      visibility: "shared",
    });
    expect(viewerPromotes.statusCode).toBe(403);

    // A shared view is changed by its creator or an admin, not by another member or a viewer.
    const other = await addMember(t.app, owner, "sales_rep");
    const sharedSeen = (await other.caller.get(`/api/v1/views/${shared.id}`)).json();
    expect(sharedSeen.canEdit).toBe(false);
    expect((await other.caller.patch(`/api/v1/views/${shared.id}`, { name: "Mine now" })).statusCode).toBe(
      403,
    );
    expect((await other.caller.delete(`/api/v1/views/${shared.id}`)).statusCode).toBe(403);
    expect((await viewer.caller.patch(`/api/v1/views/${shared.id}`, { name: "x" })).statusCode).toBe(403);
    const byAdmin = await owner.caller.patch(`/api/v1/views/${shared.id}`, { name: "Team pipeline (admin)" });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().canEdit).toBe(true);
    expect(
      (await member.caller.patch(`/api/v1/views/${shared.id}`, { name: "Team pipeline" })).statusCode,
    ).toBe(200);
    expect((await owner.caller.delete(`/api/v1/views/${shared.id}`)).statusCode).toBe(204);
    expect(await names(member, "deals")).toEqual(["Member's own"]);
  });

  it("lets API keys read shared views but not save views", async () => {
    const owner = await signUp(t.app);
    await create(owner, { ...bigDeals, name: "Shared", visibility: "shared" });
    await create(owner, { ...bigDeals, name: "Private" });
    const { caller } = await createApiKey(owner, "admin");
    const listed = await caller.get("/api/v1/views?object=deals");
    expect(listed.json().data.map((v: { name: string }) => v.name)).toEqual(["Shared"]);
    expect((await caller.post("/api/v1/views", bigDeals)).statusCode).toBe(403);
  });

  it("keeps one default view per object per user", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const first = await create(owner, { ...bigDeals, name: "First", isDefault: true, visibility: "shared" });
    expect(first.isDefault).toBe(true);
    const second = await create(owner, { ...bigDeals, name: "Second" });
    const contactsView = await create(owner, { object: "contacts", name: "People", isDefault: true });
    expect(contactsView.isDefault).toBe(true);

    const made = await owner.caller.request("PUT", `/api/v1/views/${second.id}/default`, {});
    expect(made.statusCode).toBe(200);
    expect(made.json().isDefault).toBe(true);
    const defaults = (await owner.caller.get("/api/v1/views?object=deals")).json().data;
    expect(defaults.map((v: { name: string; isDefault: boolean }) => [v.name, v.isDefault])).toEqual([
      ["First", false],
      ["Second", true],
    ]);
    expect((await owner.caller.get(`/api/v1/views/${contactsView.id}`)).json().isDefault).toBe(true);

    // Someone else's default is their own.
    expect((await member.caller.request("PUT", `/api/v1/views/${first.id}/default`, {})).statusCode).toBe(
      200,
    );
    expect((await member.caller.get(`/api/v1/views/${first.id}`)).json().isDefault).toBe(true);
    expect((await owner.caller.get(`/api/v1/views/${first.id}`)).json().isDefault).toBe(false);

    const unset = await owner.caller.delete(`/api/v1/views/${second.id}/default`);
    expect(unset.json().isDefault).toBe(false);
    expect(
      (await owner.caller.get("/api/v1/views?object=deals"))
        .json()
        .data.some((v: { isDefault: boolean }) => v.isDefault),
    ).toBe(false);

    // Deleting a view clears it as a default.
    expect((await owner.caller.delete(`/api/v1/views/${first.id}`)).statusCode).toBe(204);
    expect((await member.caller.get("/api/v1/views?object=deals")).json().data).toEqual([]);
  });

  it("keeps views inside their workspace", async () => {
    const owner = await signUp(t.app);
    const make = async (o: SignedIn) =>
      `/api/v1/views/${(await create(o, { ...bigDeals, visibility: "shared" })).id}`;
    await expectTenantIsolation(t.app, owner, { method: "GET", create: make });
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create: make, body: { name: "stolen" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create: make });
    const defaultUrl = async (o: SignedIn) => `${await make(o)}/default`;
    await expectTenantIsolation(t.app, owner, { method: "PUT", create: defaultUrl });
    const outsider = await signUp(t.app, { workspaceName: "Elsewhere" });
    await make(owner);
    expect(await names(outsider, "deals")).toEqual([]);
  });
});

describe("filterable fields", () => {
  it("lists built-in, relation and custom fields with their types and sortability", async () => {
    const owner = await signUp(t.app);
    await owner.caller.post("/api/v1/fields/deals", {
      label: "Source",
      type: "single_select",
      options: [
        { value: "web", label: "Web" },
        { value: "event", label: "Event" },
      ],
    });
    const response = await owner.caller.get("/api/v1/fields/deals/filterable");
    expect(response.statusCode).toBe(200);
    const byPath = new Map(
      response.json().data.map((f: { path: string }) => [f.path, f] as [string, Record<string, unknown>]),
    );
    expect(byPath.get("amount")).toEqual({ path: "amount", type: "money", sortable: true });
    expect(byPath.get("ownerId")).toMatchObject({ type: "user" });
    expect(byPath.get("stage.name")).toMatchObject({ type: "text", sortable: false });
    expect(byPath.get("custom.source")).toEqual({
      path: "custom.source",
      type: "enum",
      options: ["web", "event"],
      label: "Source",
      sortable: true,
    });
    const contacts = (await owner.caller.get("/api/v1/fields/contacts/filterable")).json().data;
    const paths = contacts.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["company.industry", "deals.stage.name", "email"]));
    expect(paths).not.toContain("custom.source");
    expect((await owner.caller.get("/api/v1/fields/tickets/filterable")).statusCode).toBe(400);
  });
});
