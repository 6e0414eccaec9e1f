// mreg workspace ls|create|describe|rename|archive|unarchive|rm, model create/list/move
// with --workspace, and the delete rule as the default `determined` login meets it.
import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { freshConfig, mreg, ok } from "./run-mreg";

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

async function adminConfig() {
  const config = freshConfig();
  await ok(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
  return config;
}

describe("mreg workspace", () => {
  it("creates, lists, describes, renames, archives, unarchives and removes a workspace; refuses a non-empty one", async () => {
    const config = freshConfig(); // `determined`, an ordinary user: any signed-in user may create one
    const run = (args: string[]) => ok(args, { config });
    const name = uniq("vision");
    expect((await run(["workspace", "create", name])).stdout).toContain(`Created workspace "${name}"`);
    const listed = (await run(["workspace", "ls"])).stdout;
    expect(listed).toMatch(/^ID\s+Name\s+Models\s+Archived\s+Owner/);
    expect(listed).toContain(name);
    expect((await run(["workspace", "describe", name, "--json"])).json()).toMatchObject({ name, numModels: 0, username: "determined" });

    const model = uniq("in-ws");
    expect((await run(["model", "create", model, "--workspace", name])).stdout).toContain(`in workspace "${name}"`);
    const inWs = (await run(["model", "list", "-w", name, "--json"])).json();
    expect(inWs.map((m: { name: string }) => m.name)).toEqual([model]);
    expect((await run(["model", "list", "--name", model])).stdout).toMatch(new RegExp(`${model}.*${name}`));

    const refused = await mreg(["workspace", "rm", name], { config });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("holds 1 model");

    expect((await run(["model", "move", model, "Uncategorized"])).stdout).toContain(`Moved model "${model}" to workspace "Uncategorized"`);
    const renamed = uniq("renamed");
    expect((await run(["workspace", "rename", name, renamed])).stdout).toContain(`to "${renamed}"`);
    expect((await run(["workspace", "archive", renamed])).stdout).toContain("Archived");
    const intoArchived = await mreg(["model", "move", model, renamed], { config });
    expect(intoArchived.code).toBe(1);
    expect(intoArchived.stderr).toContain("archived");
    expect((await run(["workspace", "unarchive", renamed])).stdout).toContain("Unarchived");
    expect((await run(["workspace", "rm", renamed])).stdout).toContain(`Deleted workspace "${renamed}"`);
    const gone = await mreg(["workspace", "describe", renamed], { config });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("not found");
  });

  it("moving into a workspace without edit rights there is refused; deleting follows the creator rule", async () => {
    const admin = await adminConfig();
    const theirs = uniq("admins-ws");
    await ok(["workspace", "create", theirs], { config: admin });
    const adminsModel = uniq("admins-model");
    await ok(["model", "create", adminsModel], { config: admin });

    const config = freshConfig(); // `determined`
    const mine = uniq("mine");
    await ok(["model", "create", mine], { config });
    const move = await mreg(["model", "move", mine, theirs], { config });
    expect(move.code).toBe(1);
    expect(move.stderr).toContain("editor role in workspace");
    const del = await mreg(["model", "delete", adminsModel], { config });
    expect(del.code).toBe(1);
    expect(del.stderr).toContain("A model may be deleted by its creator");
    expect((await ok(["model", "delete", mine], { config })).stdout).toContain(`Deleted model "${mine}"`);
  });
});
