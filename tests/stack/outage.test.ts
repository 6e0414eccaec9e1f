// Issue 10, "one way to write": during a database outage a server action answers
// with the same registry error REST does (UNAVAILABLE, "The database is unavailable
// right now; try again..."), never a generic "something went wrong", so the form can
// say so and keep what the user typed. Real PostgreSQL, stopped and started again.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE } from "../../lib/registry/errors";
import { adminActor } from "../support/actors";
import { callAction, client, serverActions, startStack, useStackDatabase, type Stack } from "../support/stack";

let stack: Stack;
let session = "";
let fx: { modelId: number; modelName: string; revision: number; checkpoint: string; version: number };

beforeAll(async () => {
  stack = await startStack();
  await useStackDatabase(stack);
  const r = await import("../../lib/registry");
  const actor = await adminActor();
  const model = await r.createModel({ actor, input: { name: `outage-${Date.now()}` } });
  const cp = await r.reportCheckpoint({ actor, input: { experiment: { name: "outage-exp" }, batchNumber: 1 } });
  await r.saveCheckpointFiles({ actor, uuid: cp.uuid, fill: async (dir) => fs.writeFileSync(path.join(dir, "w.bin"), "w") });
  const free = await r.reportCheckpoint({ actor, input: { experiment: { name: "outage-exp" }, batchNumber: 2 } });
  const v = await r.registerVersion({ actor, model: model.id, checkpointUuid: cp.uuid });
  fx = { modelId: model.id, modelName: model.name, revision: model.revision, checkpoint: free.uuid, version: v.version };
  session = await stack.login();
  const { db } = await import("../../lib/db/client");
  await db().$disconnect(); // this process's pool must not hold the database the test stops
}, 300_000);
afterAll(async () => stack?.close());

/** Arguments each action would accept with the database up. */
const ACTIONS: Record<string, () => unknown[]> = {
  createModelAction: () => [{ name: "made-during-outage", description: "typed by the user" }],
  updateModelFieldAction: () => [fx.modelId, "description", "typed by the user", fx.revision],
  setModelArchivedAction: () => [fx.modelId, true],
  registerCheckpointAction: () => [{ model: fx.modelId, checkpointUuid: fx.checkpoint, comment: "typed by the user" }],
  updateVersionFieldAction: () => [fx.modelId, fx.version, "notes", "typed by the user", 1],
  searchModelsAction: () => [{ query: "outage" }],
};

async function run(name: string) {
  const a = serverActions(stack.dist).find((x) => x.name === name)!;
  const res = await callAction(stack.baseUrl, { id: a.id, page: "/", args: ACTIONS[name](), session });
  const field = (key: string) => new RegExp(`"${key}":("(?:[^"\\\\]|\\\\.)*"|true|false)`).exec(res.text)?.[1];
  return { status: res.status, ok: field("ok"), code: field("code"), message: field("message") && JSON.parse(field("message")!) };
}

describe("a database outage during a server action", () => {
  it("answers UNAVAILABLE with the database message, then works again once the database is back", async () => {
    expect(Object.keys(ACTIONS).every((n) => serverActions(stack.dist).some((a) => a.name === n))).toBe(true);
    stack.stopDb();
    try {
      const results: Record<string, unknown> = {};
      for (const name of Object.keys(ACTIONS)) results[name] = await run(name);
      expect(results).toEqual(Object.fromEntries(Object.keys(ACTIONS).map((n) => [n, {
        status: 200, ok: "false", code: '"UNAVAILABLE"', message: DATABASE_UNAVAILABLE,
      }])));
      expect(DATABASE_UNAVAILABLE).toMatch(/^The database is unavailable right now; try again/);
      // REST says the same for the same outage.
      const rest = await client(stack.baseUrl, session)("PATCH", `/api/v1/models/${fx.modelId}`, { description: "x" });
      expect([rest.status, rest.body.error.error]).toEqual([503, DATABASE_UNAVAILABLE]);
    } finally {
      await stack.startDb();
    }
    let back = await run("createModelAction");
    for (let i = 0; i < 50 && back.ok !== "true"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = await run("createModelAction");
    }
    expect(back.ok).toBe("true");
    const model = await client(stack.baseUrl, session)("GET", `/api/v1/models/${fx.modelId}`);
    expect(model.body.model).toMatchObject({ description: "", archived: false, revision: fx.revision });
  }, 120_000);
});
