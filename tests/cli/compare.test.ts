// Issue 14 in mreg: `model compare <name> <versions...> [--json]`.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freshConfig, mreg as run, ok as okRun, tmpDir } from "./run-mreg";

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

/** A fresh mreg config signed in as admin, and `ok` running mreg with it. */
async function signedInAsAdmin() {
  const config = freshConfig();
  await okRun(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
  return { config, ok: (args: string[]) => okRun(args, { config }) };
}

describe("mreg model compare", () => {
  it("prints a table by default and the whole comparison with --json; refuses bad version lists", async () => {
    const { config, ok } = await signedInAsAdmin();
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

  it("--json pages through every long list (any page size gives the same document); the table says how many rows it left out", async () => {
    const { ok } = await signedInAsAdmin();
    const name = uniq("cli-compare-long");
    await ok(["model", "create", name]);
    for (const v of [1, 2]) {
      const dir = tmpDir(`l${v}`);
      for (let f = 0; f < 5; f++) fs.writeFileSync(path.join(dir, `part-${f}.bin`), "p".repeat(f === v ? 50 : 10));
      const hparams = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`h${i}`, { lr: i * v, keep: [i] }]));
      const uuid = (await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp"), "--hparams", JSON.stringify(hparams), "--metrics", JSON.stringify({ val_loss: v })])).stdout.trim();
      const metadata = { scores: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c${i}`, [i, i * v]])), step: v };
      await ok(["model", "register-version", name, uuid]);
      await ok(["model", "metadata", "add", name, JSON.stringify(metadata), "--version", String(v)]);
    }
    const whole = (await ok(["model", "compare", name, "1", "2", "--json", "--first-page", "--page-size", "10000"])).json();
    expect(whole.metadata.rows).toHaveLength(61);
    expect(whole.pages.metadata).toMatchObject({ total: 61, next: null });

    const paged = (await ok(["model", "compare", name, "1", "2", "--json", "--page-size", "7"])).json();
    expect(paged).toEqual(whole);

    const only = (await ok(["model", "compare", name, "1", "2", "--json", "--page-size", "4", "--only-differences"])).json();
    expect(only.metadata.rows).toEqual(whole.metadata.rows.filter((r: { differs: boolean }) => r.differs));
    expect(only.pages.metadata).toMatchObject({ total: 30, all: 61, returned: 30, next: null });
    expect(only.changes[1].metadata).toEqual(whole.changes[1].metadata);

    const first = (await ok(["model", "compare", name, "1", "2", "--json", "--first-page", "--page-size", "5"])).json();
    expect(first.metadata.rows).toEqual(whole.metadata.rows.slice(0, 5));
    expect(first.pages.metadata).toMatchObject({ total: 61, returned: 5, next: expect.any(String) });

    const text = (await ok(["model", "compare", name, "1", "2", "--page-size", "5"])).stdout;
    expect(text).toContain("(56 more rows not shown; --json lists them all)");
  });
});
