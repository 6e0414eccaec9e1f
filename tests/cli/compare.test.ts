// Issue 14 in mreg: `model compare <name> <versions...> [--json]`.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freshConfig, mreg as run, ok as okRun, tmpDir } from "./run-mreg";

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

describe("mreg model compare", () => {
  it("prints a table by default and the whole comparison with --json; refuses bad version lists", async () => {
    const config = freshConfig();
    await okRun(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    const ok = (args: string[]) => okRun(args, { config });
    const name = uniq("cli-compare");
    await ok(["model", "create", name]);
    for (const [i, loss] of [0.5, 0.25].entries()) {
      const dir = tmpDir(`c${i}`);
      fs.writeFileSync(path.join(dir, "weights.bin"), "w".repeat(10 + i));
      const uuid = (await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp"), "--hparams", JSON.stringify({ lr: 0.1 * (i + 1), depth: 4 }), "--metrics", JSON.stringify({ val_loss: loss })])).stdout.trim();
      await ok(["model", "register-version", name, uuid, "--name", `run-${i + 1}`]);
    }
    const text = (await ok(["model", "compare", name, "1", "2"])).stdout;
    expect(text).toContain("v1 (base)");
    expect(text).toMatch(/val_loss \(lower is better\)\s+0\.5\s+0\.25 \(-0\.25, -50% better\)/);
    expect(text).toMatch(/Name\s+run-1\s+run-2 \*/);
    expect(text).toMatch(/lr\s+0\.1\s+0\.2 \*/);
    expect(text).toMatch(/weights\.bin\s+10 B\s+11 B changed \*/);
    const only = (await ok(["model", "compare", name, "1", "2", "--only-differences"])).stdout;
    expect(only).not.toMatch(/^depth/m);
    expect(text).toMatch(/^depth/m);

    const json = (await ok(["model", "compare", name, "2", "1", "--json"])).json();
    expect(json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(json.changes[1].hyperparameters).toEqual([{ kind: "changed", path: ["lr"], before: 0.2, after: 0.1 }]);

    const bad = await run(["model", "compare", name, "1"], { config });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/at least 2/);
    const missing = await run(["model", "compare", name, "1", "7"], { config });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no version 7/);
  });
});
