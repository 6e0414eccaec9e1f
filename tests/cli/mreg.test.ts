import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { freePort } from "../../lib/db/embedded-postgres";
import { packMreg } from "../support/pack-mreg";
import { bin, freshConfig, mreg, ok, root, tmpDir } from "./run-mreg";

const okAs = ok;
const mregAs = mreg;

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

/** A folder of real files: random binary weights, nested text, an empty file. */
function checkpointFolder(): string {
  const dir = tmpDir("ckpt");
  fs.mkdirSync(path.join(dir, "nested/deeper"), { recursive: true });
  fs.writeFileSync(path.join(dir, "model.pt"), crypto.randomBytes(1024 * 1024 + 3));
  fs.writeFileSync(path.join(dir, "nested/config.yaml"), "lr: 0.01\nbatch: 32\n");
  fs.writeFileSync(path.join(dir, "nested/deeper/empty.txt"), "");
  return dir;
}

async function upload(dir: string, extra: string[] = []): Promise<string> {
  const r = await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp"), "--batches", "200", ...extra]);
  const uuid = r.stdout.trim();
  expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
  return uuid;
}

describe("mreg against a running server", () => {
  it("logs in, caches the token per server with mode 0600, and uses it", async () => {
    const config = freshConfig();
    const r = await ok(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    expect(r.stdout).toContain("as admin");
    const file = path.join(config, "mreg/tokens.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(saved[inject("baseUrl")]).toMatchObject({ username: "admin", token: expect.any(String) });
    expect((await ok(["model", "list", "--json"], { config })).json()).toEqual(expect.any(Array));

    const bad = await mreg(["login", "admin", "--password", "wrong"], { config: freshConfig() });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("creates, describes, edits metadata, archives and deletes a model", async () => {
    // Deleting takes the admin role; the default `determined` login is an editor.
    const config = freshConfig();
    await okAs(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    const ok = (args: string[]) => okAs(args, { config });
    const mreg = (args: string[]) => mregAs(args, { config });
    const name = uniq("cli-model");
    expect((await ok(["model", "create", name, "--description", "digits", "--metadata", '{"team":"vision"}', "--label", "a,b", "--label", "prod"])).stdout)
      .toContain(`Created model "${name}"`);
    const described = (await ok(["model", "describe", name, "--json"])).json();
    expect(described.model).toMatchObject({ name, description: "digits", metadata: { team: "vision" }, labels: ["a,b", "prod"], numVersions: 0 });
    const text = (await ok(["model", "describe", name])).stdout;
    expect(text).toMatch(/Name:\s+.*cli-model/);
    expect(text).toContain("No versions yet.");

    expect((await ok(["model", "metadata", "add", name, '{"owner":"ana","team":"nlp"}', "--json"])).json()).toEqual({ team: "nlp", owner: "ana" });
    expect((await ok(["model", "metadata", "remove", name, "team", "--json"])).json()).toEqual({ owner: "ana" });
    await ok(["model", "archive", name]);
    expect((await ok(["model", "list", "--name", name, "--archived", "--json"])).json().map((m: { name: string }) => m.name)).toEqual([name]);
    expect((await ok(["model", "list", "--name", name, "--no-archived", "--json"])).json()).toEqual([]);
    await ok(["model", "unarchive", name]);
    await ok(["model", "delete", name]);
    const gone = await mreg(["model", "describe", name]);
    expect(gone.code).toBe(1);
  });

  it("uploads a folder, registers it, lists versions, and downloads identical bytes", async () => {
    const dir = checkpointFolder();
    const trial = 800_000 + crypto.randomInt(100_000);
    const uuid = await upload(dir, ["--trial", String(trial), "--framework", "torch-2.4", "--format", "pytorch", "--hparams", '{"lr":0.01}', "--metrics", '{"validation_loss":0.12}']);
    const cp = (await ok(["checkpoint", "describe", uuid, "--json"])).json();
    expect(cp).toMatchObject({
      uuid, state: "STATE_COMPLETED",
      resources: { "model.pt": String(1024 * 1024 + 3), "nested/config.yaml": "19", "nested/deeper/empty.txt": "0" },
      metadata: { steps_completed: 200, framework: "torch-2.4", format: "pytorch" },
      training: { trialId: trial, hparams: { lr: 0.01 }, validationMetrics: { avgMetrics: { validation_loss: 0.12 } } },
    });
    expect((await ok(["checkpoint", "describe", uuid])).stdout).toMatch(/nested\/config\.yaml\s+19 B/);

    const model = uniq("cli-reg");
    await ok(["model", "create", model]);
    expect((await ok(["model", "register-version", model, uuid, "--name", "first", "--comment", "baseline"])).stdout).toContain("as version 1");
    const versions = (await ok(["model", "list-versions", model, "--json"])).json();
    expect(versions.map((v: { version: number; name: string; comment: string; checkpoint: { uuid: string } }) => [v.version, v.name, v.comment, v.checkpoint.uuid])).toEqual([[1, "first", "baseline", uuid]]);
    const table = (await ok(["model", "list-versions", model])).stdout;
    expect(table).toMatch(new RegExp(`^1\\s+first\\s+${uuid}\\s+200\\s+baseline`, "m"));
    expect((await ok(["model", "describe", model, "--version", "1"])).stdout).toContain(uuid);

    const out = path.join(tmpDir("dl"), "here");
    expect((await ok(["checkpoint", "download", uuid, "--output", out])).stdout).toContain("Downloaded 3 files");
    for (const f of ["model.pt", "nested/config.yaml", "nested/deeper/empty.txt"]) {
      expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(dir, f)))).toBe(true);
    }
    const again = await mreg(["checkpoint", "download", uuid, "--output", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("32 concurrent `metadata add` of different keys all keep their key (the server merges)", async () => {
    const name = uniq("merge");
    await ok(["model", "create", name, "--metadata", '{"base":0}']);
    const keys = Array.from({ length: 32 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((k, i) => ok(["model", "metadata", "add", name, JSON.stringify({ [k]: i })])));
    const { model } = (await ok(["model", "describe", name, "--json"])).json();
    expect(model.metadata).toEqual({ base: 0, ...Object.fromEntries(keys.map((k, i) => [k, i])) });
    expect(model.revision).toBe(1 + 32);
  });

  it("adds and removes a version's metadata keys with --version", async () => {
    const name = uniq("vmeta");
    await ok(["model", "create", name]);
    await ok(["model", "register-version", name, await upload(checkpointFolder())]);
    expect((await ok(["model", "metadata", "add", name, '{"a":1,"b":{"c":2}}', "--version", "1", "--json"])).json()).toEqual({ a: 1, b: { c: 2 } });
    expect((await ok(["model", "metadata", "remove", name, "a", "--version", "1"])).stdout.trim()).toBe(`Metadata of version 1 of "${name}": {"b":{"c":2}}`);
    expect((await ok(["model", "describe", name, "--json"])).json().model.metadata).toEqual({});
    const missing = await mreg(["model", "metadata", "add", name, '{"a":1}', "--version", "9"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`error: Version 9 of model "${name}" not found.`);
  });

  it("lists models with each sort, both ways", async () => {
    const p = uniq("sortme");
    const [a, b, c] = [`${p}-b`, `${p}-c`, `${p}-a`];
    await ok(["model", "create", a, "--description", "3"]);
    await ok(["model", "create", b, "--description", "1"]);
    await ok(["model", "create", c, "--description", "2"]);
    const folder = checkpointFolder();
    for (const m of [a, a, b]) await ok(["model", "register-version", m, await upload(folder)]);
    for (const m of [b, a, c]) await ok(["model", "metadata", "add", m, '{"touched":true}']);

    const expected: Record<string, string[]> = {
      name: [c, a, b], description: [b, c, a], creation_time: [a, b, c], num_versions: [c, b, a], last_updated_time: [b, a, c],
    };
    for (const [sort, asc] of Object.entries(expected)) {
      const up = (await ok(["model", "list", "--name", p, "--sort-by", sort, "--order-by", "asc", "--json"])).json();
      expect(up.map((m: { name: string }) => m.name), `${sort} asc`).toEqual(asc);
      const down = (await ok(["model", "list", "--name", p, "--sort-by", sort, "--order-by", "desc", "--json"])).json();
      expect(down.map((m: { name: string }) => m.name), `${sort} desc`).toEqual([...asc].reverse());
    }
    const table = (await ok(["model", "list", "--name", p, "--sort-by", "num_versions", "--order-by", "desc"])).stdout.split("\n");
    expect(table[0]).toMatch(/^ID\s+Name\s+Description\s+Versions/);
    expect(table[2]).toContain(a);
    expect(table[2]).toMatch(/\s2\s/);
  });

  it("fails with a non-zero exit code and the server's message on one line", async () => {
    const missing = await mreg(["model", "describe", uniq("nope")]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: .*not found/i);

    const name = uniq("dup");
    await ok(["model", "create", name]);
    const dup = await mreg(["model", "create", name]);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim().split("\n")).toHaveLength(1);
    expect(dup.stderr).toMatch(/already exists/i);

    const badJson = await mreg(["model", "create", uniq("m"), "--metadata", "{nope"]);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/^error: --metadata is not valid JSON/);

    const closed = await freePort();
    const down = await mreg(["model", "list"], { env: { MREG_MASTER: `http://127.0.0.1:${closed}` } });
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toBe(`error: Cannot reach http://127.0.0.1:${closed}: ECONNREFUSED`);
  });

  it("runs from a checkout through its wrapper, which compiles the sources with tsx", async () => {
    const name = uniq("wrapper");
    await ok(["model", "create", name], { entry: bin });
    expect((await ok(["model", "list", "--name", name, "--json"], { entry: bin })).json().map((m: { name: string }) => m.name)).toEqual([name]);
  });

  it("works as a packed, dependency-free bundle", async () => {
    const { entry, build } = packMreg(tmpDir("pkg"));
    expect(build.status, build.stderr).toBe(0);
    expect((await ok(["--version"], { entry })).stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, "cli/package.json"), "utf8")).version);
    const name = uniq("bundled");
    await ok(["model", "create", name], { entry });
    expect((await ok(["model", "list", "--name", name, "--json"], { entry })).json().map((m: { name: string }) => m.name)).toEqual([name]);
  });
});
