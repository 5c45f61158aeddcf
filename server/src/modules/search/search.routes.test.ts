import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  Caller,
  createTestApp,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
let owner: SignedIn;
const ids: Record<string, string> = {};

type Hit = {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
  matched: string;
};

async function search(caller: Caller, q: string, extra = ""): Promise<Hit[]> {
  const response = await caller.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

async function create(path: string, body: unknown): Promise<string> {
  const response = await owner.caller.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app);
  ids.acme = await create("companies", { name: "ACME Corporation Ltd.", domains: ["acme-widgets.com"] });
  ids.globex = await create("companies", { name: "Globex", domains: ["globex.io"], tags: ["Partner"] });
  ids.john = await create("contacts", {
    firstName: "John",
    lastName: "Smith",
    emails: [{ value: "j.smith@example.org", label: "work", primary: true }],
    phones: [{ value: "+1 (415) 555-0123", label: "mobile", primary: true }],
  });
  ids.johanna = await create("contacts", { firstName: "Johanna", lastName: "Berg" });
  ids.jane = await create("contacts", { firstName: "Jane", lastName: "Doe" });
  ids.zoe = await create("contacts", { firstName: "Zoë", lastName: "Ångström" });
  ids.renee = await create("contacts", { firstName: "Renee", lastName: "Dupont", tags: ["Newsletter"] });
  ids.deal = await create("deals", { name: "Acme renewal 2027", companyId: ids.acme });
});
afterAll(() => t.close());

describe("search", () => {
  it("forgives typos in names", async () => {
    const hits = await search(owner.caller, "jonh smiht");
    expect(hits[0]).toMatchObject({ type: "contact", id: ids.john, title: "John Smith", matched: "name" });
    expect(hits[0]?.subtitle).toBe("j.smith@example.org");
    expect(hits.some((h) => h.id === ids.jane)).toBe(false);
  });

  it("corrects each word against the workspace's own words, in any order", async () => {
    expect((await search(owner.caller, "smiht jonh"))[0]?.id).toBe(ids.john);
    // A word close to nothing is left out rather than failing the search.
    expect((await search(owner.caller, "johanna qwxzv"))[0]?.id).toBe(ids.johanna);
    // Words written by an update are known at once.
    const id = await create("contacts", { firstName: "Marguerite", lastName: "Plain" });
    expect(await search(owner.caller, "vandersloot")).toEqual([]);
    const renamed = await owner.caller.patch(`/api/v1/contacts/${id}`, { lastName: "Vandersloot" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await search(owner.caller, "margeurite vandrsloot"))[0]?.id).toBe(id);
    // Another workspace's words are not corrections here.
    const outsider = await signUp(t.app, { workspaceName: "Spelling Workspace" });
    expect(await search(outsider.caller, "vandrsloot")).toEqual([]);
  });

  it("finds a company by part of its name, then the deal that names it", async () => {
    const hits = await search(owner.caller, "acme corp");
    expect(hits[0]).toMatchObject({
      type: "company",
      id: ids.acme,
      title: "ACME Corporation Ltd.",
      matched: "name",
    });
    const deal = (await search(owner.caller, "acme renewal")).find((h) => h.type === "deal");
    expect(deal).toMatchObject({ id: ids.deal, subtitle: "ACME Corporation Ltd.", matched: "name" });
  });

  it("matches a prefix as you type, best match first", async () => {
    const hits = await search(owner.caller, "joh");
    expect(
      hits
        .map((h) => h.id)
        .slice(0, 2)
        .sort(),
    ).toEqual([ids.john, ids.johanna].sort());
    expect(hits.some((h) => h.id === ids.jane)).toBe(false);
    const exact = await search(owner.caller, "johanna");
    expect(exact[0]?.id).toBe(ids.johanna);
    expect(exact[0]?.score).toBeGreaterThan(exact[1]?.score ?? 0);
  });

  it("ignores accents and case both ways", async () => {
    expect((await search(owner.caller, "ZOE angstrom"))[0]?.id).toBe(ids.zoe);
    expect((await search(owner.caller, "zoë"))[0]?.id).toBe(ids.zoe);
    expect((await search(owner.caller, "renée"))[0]?.id).toBe(ids.renee);
  });

  it("finds emails, domains and tags and says which field matched", async () => {
    expect((await search(owner.caller, "j.smith@example"))[0]).toMatchObject({
      id: ids.john,
      matched: "email",
    });
    expect((await search(owner.caller, "globex.io"))[0]).toMatchObject({ id: ids.globex, matched: "domain" });
    expect((await search(owner.caller, "acme-widgets"))[0]).toMatchObject({
      id: ids.acme,
      matched: "domain",
    });
    expect((await search(owner.caller, "newsletter"))[0]).toMatchObject({ id: ids.renee, matched: "tag" });
  });

  it("finds a phone typed in any format", async () => {
    for (const q of ["4155550123", "415-555-0123", "(415) 555 0123", "+1 415 555 0123", "555-0123"]) {
      const hits = await search(owner.caller, q);
      expect(hits[0], q).toMatchObject({ id: ids.john, matched: "phone" });
    }
  });

  it("limits the answer to the types and number asked for", async () => {
    const deals = await search(owner.caller, "acme", "&types=deal");
    expect(deals.map((h) => h.type)).toEqual(["deal"]);
    const two = await search(owner.caller, "acme", "&types=company,deal&limit=1");
    expect(two).toHaveLength(1);
  });

  it("leaves trashed records out, and finds them again once restored", async () => {
    const id = await create("contacts", { firstName: "Trashy", lastName: "McTrashface" });
    expect((await search(owner.caller, "mctrashface"))[0]?.id).toBe(id);
    expect((await owner.caller.delete(`/api/v1/contacts/${id}`)).statusCode).toBe(204);
    expect(await search(owner.caller, "mctrashface")).toEqual([]);
    expect((await owner.caller.post(`/api/v1/contacts/${id}/restore`, {})).statusCode).toBe(200);
    expect((await search(owner.caller, "mctrashface"))[0]?.id).toBe(id);
  });

  it("keeps to the caller's workspace", async () => {
    const outsider = await signUp(t.app, { workspaceName: "Other Workspace" });
    expect(await search(outsider.caller, "john smith")).toEqual([]);
    expect(await search(outsider.caller, "acme")).toEqual([]);
  });

  it("is open to every member, not to strangers", async () => {
    const viewer = await addMember(t.app, owner, "read_only");
    expect((await search(viewer.caller, "john smith"))[0]?.id).toBe(ids.john);
    expect((await new Caller(t.app).get("/api/v1/search?q=john")).statusCode).toBe(401);
  });

  it("lets list filters match the same way (the tables' search box)", async () => {
    const list = async (path: string, filter: unknown) => {
      const response = await owner.caller.post(`/api/v1/${path}/query`, { filter });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.map((r: { id: string }) => r.id);
    };
    const matches = (value: string) => ({ field: "search", op: "matches", value });
    expect(await list("contacts", matches("jonh smiht"))).toEqual([ids.john]);
    expect(await list("contacts", matches("smiht jonh"))).toEqual([ids.john]);
    // Every word must be there (or a correction of it): John is no Berg, and "zzqx" is near nothing.
    expect(await list("contacts", matches("jonh berg"))).toEqual([]);
    expect(await list("contacts", matches("smith zzqx"))).toEqual([]);
    expect(await list("contacts", matches("415 555 0123"))).toEqual([ids.john]);
    expect(
      await list("contacts", { and: [matches("joh"), { field: "lastName", op: "eq", value: "Berg" }] }),
    ).toEqual([ids.johanna]);
    expect(await list("companies", matches("acme corp"))).toEqual([ids.acme]);
    expect(await list("deals", matches("acme renewal"))).toEqual([ids.deal]);
    expect(await list("companies", matches("zzqx"))).toEqual([]);
  });

  it("answers 400 naming the parameter for a missing query or an unknown type", async () => {
    for (const url of ["/api/v1/search?q=", "/api/v1/search?q=%20%20", "/api/v1/search"]) {
      const response = await owner.caller.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().errors[0].path).toBe("query.q");
    }
    const badType = await owner.caller.get("/api/v1/search?q=acme&types=contact,invoice");
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0].path).toBe("query.types");
    expect(badType.json().errors[0].message).toContain("'invoice'");
    const badLimit = await owner.caller.get("/api/v1/search?q=acme&limit=500");
    expect(badLimit.json().errors[0].path).toBe("query.limit");
  });
});
