// Every environment variable the code reads is in README's configuration table.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["app", "lib", "cli/src", "cli/bin", "scripts", "proxy.ts", "instrumentation.ts", "next.config.ts"];
const SKIPPED_DIRS = new Set(["generated", "dist", "node_modules"]);
// Set by Next.js itself, or read only by the Prisma schema-engine wrapper used when changing the schema.
const NOT_CONFIGURATION = new Set(["NODE_ENV", "NEXT_RUNTIME", "RUST_LOG"]);

function sources(): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const full = path.join(ROOT, p);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isFile()) return void (/\.(ts|tsx|mjs|js)$/.test(p) && out.push(full));
    for (const e of fs.readdirSync(full, { withFileTypes: true })) if (!SKIPPED_DIRS.has(e.name)) walk(path.join(p, e.name));
  };
  SCANNED.forEach(walk);
  return out;
}

/** `process.env.X`, `process.env["X"]`, and "MREG_X" literals (names handed to a reading helper, as in limits.ts). */
export function variablesRead(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*["'`]([A-Z_][A-Z0-9_]*)["'`]\s*\])/g)) names.add(m[1] ?? m[2]);
  for (const m of text.matchAll(/["'`](MREG_[A-Z0-9_]+)["'`]/g)) names.add(m[1]);
  return [...names];
}

function documented(): Set<string> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5));
  return new Set([...section.matchAll(/^\| `([A-Z_][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
}

describe("configuration table", () => {
  it("finds variables however they are read", () => {
    expect(variablesRead('a(process.env.MREG_A); b(process.env["MREG_B"]); int("MREG_C", 3); process.env.PORT').sort())
      .toEqual(["MREG_A", "MREG_B", "MREG_C", "PORT"]);
  });

  it("lists every variable read in app, lib, cli, scripts, proxy.ts, instrumentation.ts and next.config.ts", () => {
    const table = documented();
    expect(table.size).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const file of sources()) {
      for (const name of variablesRead(fs.readFileSync(file, "utf8"))) {
        if (!NOT_CONFIGURATION.has(name) && !table.has(name)) missing.push(`${name} (${path.relative(ROOT, file)})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
