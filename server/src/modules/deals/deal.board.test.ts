import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createTestApp,
  queryRows,
  type SignedIn,
  signUp,
  type TestApp,
} from "../../../test/index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Pipeline = { id: string; stages: { id: string; name: string }[] };

async function board(owner: SignedIn) {
  const pipeline = (await owner.caller.get("/api/v1/pipelines")).json().data[0] as Pipeline;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  return { id: pipeline.id, stage };
}

async function create(owner: SignedIn, name: string, body: object = {}) {
  const response = await owner.caller.post("/api/v1/deals", { name, ...body });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; boardPosition: string | null; version: number };
}

async function column(owner: SignedIn, stageId: string) {
  const filter = encodeURIComponent(JSON.stringify({ field: "stageId", op: "eq", value: stageId }));
  const response = await owner.caller.get(`/api/v1/deals?filter=${filter}&sort=boardPosition&limit=2`);
  expect(response.statusCode).toBe(200);
  const names: string[] = response.json().data.map((d: { name: string }) => d.name);
  let cursor = response.json().nextCursor as string | null;
  while (cursor) {
    const next = await owner.caller.get(
      `/api/v1/deals?filter=${filter}&sort=boardPosition&limit=2&cursor=${encodeURIComponent(cursor)}`,
    );
    names.push(...next.json().data.map((d: { name: string }) => d.name));
    cursor = next.json().nextCursor;
  }
  return names;
}

describe("deals: board position", () => {
  it("puts a new deal, or one entering a stage, on top of the column", async () => {
    const owner = await signUp(t.app);
    const sales = await board(owner);
    const first = await create(owner, "First");
    const second = await create(owner, "Second");
    expect(first.boardPosition).toBe("0");
    expect(second.boardPosition).toBe("-1");
    expect(await column(owner, sales.stage("Lead in"))).toEqual(["Second", "First"]);

    const moved = await owner.caller.patch(`/api/v1/deals/${first.id}`, {
      stageId: sales.stage("Qualified"),
    });
    expect(moved.json().boardPosition).toBe("0");
    await create(owner, "Third", { stageId: sales.stage("Qualified") });
    expect(await column(owner, sales.stage("Qualified"))).toEqual(["Third", "First"]);

    // A change that stays in the stage keeps the place.
    const renamed = await owner.caller.patch(`/api/v1/deals/${second.id}`, { name: "Second!" });
    expect(renamed.json().boardPosition).toBe("-1");
  });

  it("moves a deal between two others with the position the board computed, checked by If-Match", async () => {
    const owner = await signUp(t.app);
    const sales = await board(owner);
    const a = await create(owner, "A");
    await create(owner, "B");
    await create(owner, "C");
    expect(await column(owner, sales.stage("Lead in"))).toEqual(["C", "B", "A"]);

    const ok = await owner.caller.patch(
      `/api/v1/deals/${a.id}`,
      { boardPosition: "-1.5" },
      { "if-match": `"${a.version}"` },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().boardPosition).toBe("-1.5");
    expect(await column(owner, sales.stage("Lead in"))).toEqual(["C", "A", "B"]);

    const stale = await owner.caller.patch(
      `/api/v1/deals/${a.id}`,
      { boardPosition: "5" },
      { "if-match": `"${a.version}"` },
    );
    expect(stale.statusCode).toBe(412);

    const bad = await owner.caller.patch(`/api/v1/deals/${a.id}`, { boardPosition: "first" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(["boardPosition"]);
  });

  it("lets a viewer read positions but not move deals", async () => {
    const owner = await signUp(t.app);
    const deal = await create(owner, "Mine");
    const viewer = await addMember(t.app, owner, "read_only");
    const read = await viewer.caller.get(`/api/v1/deals/${deal.id}`);
    expect(read.json().boardPosition).toBe("0");
    const move = await viewer.caller.patch(`/api/v1/deals/${deal.id}`, { boardPosition: "3" });
    expect(move.statusCode).toBe(403);
  });

  it("sorts deals without a place after the placed ones", async () => {
    const owner = await signUp(t.app);
    const sales = await board(owner);
    const old = await create(owner, "Old");
    await create(owner, "New");
    await queryRows(t.database, "update deals set board_position = null where id = $1", [old.id]);
    expect(await column(owner, sales.stage("Lead in"))).toEqual(["New", "Old"]);
  });
});
