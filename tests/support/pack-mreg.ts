// Lays mreg out as its packed package is (`npm pack ./cli`): bin/mreg.mjs, the one-file
// bundle dist/mreg.mjs (cli/build.mjs) and package.json, where the bundle reads its version.
// No vitest imports: the HTTP project's global setup uses it too.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Bundles mreg into `dir`; `entry` is what `mreg` runs there, `build` the bundler's run. */
export function packMreg(dir: string): { entry: string; build: SpawnSyncReturns<string> } {
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(root, "cli/package.json"), path.join(dir, "package.json"));
  fs.copyFileSync(path.join(root, "cli/bin/mreg.mjs"), path.join(dir, "bin/mreg.mjs"));
  const build = spawnSync(process.execPath, [path.join(root, "cli/build.mjs"), "--outfile", path.join(dir, "dist/mreg.mjs")], { encoding: "utf8" });
  return { entry: path.join(dir, "bin/mreg.mjs"), build };
}
