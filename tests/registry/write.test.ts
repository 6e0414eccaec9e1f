// write() is the one way the domain writes: a change and its records (history) commit
// or roll back together, effects run only after a commit, and database errors leave
// as RegistryErrors.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { ANONYMOUS, RegistryError } from "../../lib/registry";
import { write } from "../../lib/registry/write";
import { admin, uniq } from "../support/factories";

const events = (key: string) => db().historyEvent.count({ where: { objectKey: key } });

describe("write()", () => {
  it("writes the change's history in its transaction and runs effects after the commit", async () => {
    const name = uniq("ws");
    const seen: number[] = [];
    const id = await write({ actor: admin }, async ({ tx, record, afterCommit }) => {
      const ws = await tx.workspace.create({ data: { name } });
      record({ objectType: "USER", objectId: ws.id, objectKey: name, action: "CREATE" });
      // Another connection cannot see the row until the commit; the effect runs after it.
      afterCommit(async () => void seen.push(await db().workspace.count({ where: { name } })));
      expect(seen).toEqual([]);
      return ws.id;
    });
    expect(seen).toEqual([1]);
    expect(await events(name)).toBe(1);
    const event = await db().historyEvent.findFirstOrThrow({ where: { objectKey: name } });
    expect(event).toMatchObject({ userId: admin.userId, username: admin.username, objectId: String(id) });
  });

  it("rolls the change and its records back together on failure, and runs no effect", async () => {
    const name = uniq("ws");
    let ran = false;
    const err = await write({ actor: admin }, async ({ tx, record, afterCommit }) => {
      await tx.workspace.create({ data: { name } });
      record({ objectType: "USER", objectId: 1, objectKey: name, action: "CREATE" });
      afterCommit(() => void (ran = true));
      throw new RegistryError("CONFLICT", "No.");
    }).catch((e) => e);
    expect(err).toMatchObject({ code: "CONFLICT", message: "No." });
    expect(ran).toBe(false);
    expect(await db().workspace.count({ where: { name } })).toBe(0);
    expect(await events(name)).toBe(0);
  });

  it("reports a unique violation with the write's own message", async () => {
    const name = uniq("ws");
    await db().workspace.create({ data: { name } });
    const err = await write({ actor: admin, violations: { unique: `Workspace "${name}" exists.` } }, async ({ tx }) => {
      await tx.workspace.create({ data: { name } });
    }).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: "ALREADY_EXISTS", message: `Workspace "${name}" exists.` });
  });

  it("refuses an anonymous or missing actor before it opens a transaction", async () => {
    for (const actor of [ANONYMOUS, undefined, null]) {
      let opened = false;
      const err = await write({ actor: actor as never }, async () => { opened = true; }).catch((e) => e);
      expect(err.code).toBe("UNAUTHENTICATED");
      expect(opened).toBe(false);
    }
  });
});
