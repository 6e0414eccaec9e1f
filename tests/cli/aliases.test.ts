// Issue 12 in mreg: `model alias set|rm|ls|get|protect`, and name@alias wherever mreg takes a version.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freshConfig, mreg as run, ok as okRun, tmpDir } from "./run-mreg";

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

describe("mreg model alias", () => {
  it("sets, moves (compare-and-set), lists, reads as of an instant, resolves name@alias, downloads by alias, removes", async () => {
    const config = freshConfig();
    await okRun(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    const ok = (args: string[]) => okRun(args, { config });
    const mreg = (args: string[]) => run(args, { config });

    const name = uniq("cli-alias");
    await ok(["model", "create", name]);
    const dirs = [tmpDir("v1"), tmpDir("v2")];
    const uuids: string[] = [];
    for (const [i, dir] of dirs.entries()) {
      fs.writeFileSync(path.join(dir, "weights.bin"), `version ${i + 1} weights`);
      const uuid = (await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp")])).stdout.trim();
      uuids.push(uuid);
      await ok(["model", "register-version", name, uuid]);
    }

    expect((await ok(["model", "alias", "set", name, "production", "1", "--expect", "none", "--reason", "launch"])).stdout)
      .toContain(`Set "production" of "${name}" to version 1.`);
    const first = (await ok(["model", "alias", "get", `${name}@production`, "--json"])).json();
    expect(first).toMatchObject({ alias: { alias: "production", version: 1, reason: "launch", protected: true }, modelVersion: { version: 1 } });
    expect((await ok(["model", "alias", "set", name, "production", "2", "--expect", "1", "--reason", "v2 wins"])).stdout)
      .toContain(`Moved "production" of "${name}" from version 1 to version 2.`);

    // A stale --expect: exit 1, one line saying who holds it now, nothing changed.
    const stale = await mreg(["model", "alias", "set", name, "production", "1", "--expect", "1", "--reason", "late"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trim().split("\n")).toHaveLength(1);
    expect(stale.stderr).toMatch(/names version 2 \(admin/);
    expect((await mreg(["model", "alias", "set", name, "production", "1"])).stderr).toContain("reason");
    expect((await mreg(["model", "alias", "set", name, "Bad Name", "1"])).stderr).toContain("lowercase letters, digits");

    const ls = (await ok(["model", "alias", "ls", name])).stdout;
    expect(ls).toMatch(/production\s+2\s+protected\s+admin/);
    expect((await ok(["model", "alias", "ls", name, "--at", first.alias.setAt, "--json"])).json().aliases)
      .toMatchObject([{ alias: "production", version: 1 }]);
    expect((await ok(["model", "alias", "get", name, "production", "--at", first.alias.setAt, "--json"])).json().alias.version).toBe(1);

    // name@alias wherever a version is taken.
    expect((await ok(["model", "describe", `${name}@production`, "--json"])).json()).toMatchObject({ version: 2, aliases: ["production"] });
    expect((await ok(["model", "describe", name, "--version", "production", "--json"])).json().version).toBe(2);
    expect((await ok(["model", "describe", `${name}@1`, "--json"])).json().version).toBe(1);
    expect((await ok(["model", "describe", `${name}@latest`])).stdout).toMatch(/Version:\s+2/);
    expect((await ok(["checkpoint", "describe", `${name}@production`, "--json"])).json().uuid).toBe(uuids[1]);
    const out = path.join(tmpDir("dl"), "restored");
    await ok(["checkpoint", "download", `${name}@production`, "--output", out]);
    expect(fs.readFileSync(path.join(out, "weights.bin"), "utf8")).toBe("version 2 weights");
    await ok(["model", "metadata", "add", `${name}@production`, '{"deployed": true}']);
    expect((await ok(["model", "describe", name, "--version", "2", "--json"])).json().metadata).toEqual({ deployed: true });
    const noVersion = await mreg(["checkpoint", "download", name]);
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toContain("names a model, not a version");

    expect((await ok(["model", "list", "--alias", "production", "--name", name, "--json"])).json().map((m: { name: string }) => m.name)).toEqual([name]);
    expect((await ok(["model", "describe", name])).stdout).toMatch(/Aliases:\s+production=2/);

    expect((await ok(["model", "alias", "protect", name, "production", "--off", "--reason", "sandbox"])).stdout).toContain("is not protected");
    expect((await ok(["model", "alias", "protect", name, "production", "--default"])).stdout).toContain("is protected (the registry default)");
    expect((await ok(["model", "alias", "rm", name, "production", "--expect", "2", "--reason", "retired"])).stdout).toContain("it named version 2");
    expect((await mreg(["model", "alias", "get", name, "production"])).code).toBe(1);
  });

  it("a model literally named name@alias wins over the alias", async () => {
    const config = freshConfig();
    await okRun(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    const base = uniq("cli-at");
    await okRun(["model", "create", base], { config });
    await okRun(["model", "create", `${base}@staging`, "--description", "the literal one"], { config });
    const r = (await okRun(["model", "describe", `${base}@staging`, "--json"], { config })).json();
    expect(r.model).toMatchObject({ name: `${base}@staging`, description: "the literal one" });
  });
});
