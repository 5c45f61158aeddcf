import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
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

describe("tags", () => {
  it("registers tags used on records, matching names case-insensitively", async () => {
    const owner = await signUp(t.app);
    const created = await owner.caller.post("/api/v1/tags", { name: "VIP", color: "#e03131" });
    expect(created.statusCode).toBe(201);
    const contact = (
      await owner.caller.post("/api/v1/contacts", {
        firstName: "T",
        tags: ["vip", "Newsletter", "newsletter"],
      })
    ).json();
    expect(contact.tags.sort()).toEqual(["Newsletter", "VIP"]);
    const tags = (await owner.caller.get("/api/v1/tags")).json().data;
    expect(tags.map((tag: { name: string; color: string }) => [tag.name, tag.color])).toEqual([
      ["Newsletter", "#868e96"],
      ["VIP", "#e03131"],
    ]);
    const dup = await owner.caller.post("/api/v1/tags", { name: "vip" });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].path).toBe("name");
    const badColour = await owner.caller.post("/api/v1/tags", { name: "x", color: "red" });
    expect(badColour.json().errors[0].path).toBe("color");
  });

  it("renames and deletes a tag on every record", async () => {
    const owner = await signUp(t.app);
    const contact = (
      await owner.caller.post("/api/v1/contacts", { firstName: "R", tags: ["old", "keep"] })
    ).json();
    const tag = (await owner.caller.get("/api/v1/tags"))
      .json()
      .data.find((x: { name: string }) => x.name === "old");
    expect((await owner.caller.patch(`/api/v1/tags/${tag.id}`, { name: "new" })).statusCode).toBe(200);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().tags.sort()).toEqual([
      "keep",
      "new",
    ]);
    const keep = (await owner.caller.get("/api/v1/tags"))
      .json()
      .data.find((x: { name: string }) => x.name === "keep");
    const clash = await owner.caller.patch(`/api/v1/tags/${tag.id}`, { name: "KEEP" });
    expect(clash.statusCode).toBe(400);
    expect((await owner.caller.delete(`/api/v1/tags/${keep.id}`)).statusCode).toBe(204);
    expect((await owner.caller.get(`/api/v1/contacts/${contact.id}`)).json().tags).toEqual(["new"]);
  });

  it("lets members create tags and only admins rename or delete them", async () => {
    const owner = await signUp(t.app);
    const member = await addMember(t.app, owner, "sales_rep");
    const tag = await member.caller.post("/api/v1/tags", { name: "from-member" });
    expect(tag.statusCode).toBe(201);
    expect((await member.caller.patch(`/api/v1/tags/${tag.json().id}`, { name: "x" })).statusCode).toBe(403);
    expect((await member.caller.delete(`/api/v1/tags/${tag.json().id}`)).statusCode).toBe(403);
  });

  it("keeps tags inside their workspace", async () => {
    const owner = await signUp(t.app);
    const create = async (o: SignedIn) =>
      `/api/v1/tags/${(await o.caller.post("/api/v1/tags", { name: `t${Date.now()}` })).json().id}`;
    await expectTenantIsolation(t.app, owner, { method: "PATCH", create, body: { name: "stolen" } });
    await expectTenantIsolation(t.app, owner, { method: "DELETE", create });
  });
});
