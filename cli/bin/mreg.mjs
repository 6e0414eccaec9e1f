#!/usr/bin/env node
// Starts mreg. From a checkout of the repository the TypeScript sources run through
// tsx (a devDependency), so edits take effect at once; an installed package ships
// the bundle built by `npm run build:cli` instead (docs/decisions/008-cli-packaging.md).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
let entry = here("../dist/mreg.mjs");
if (existsSync(here("../src/main.ts"))) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    entry = here("../src/main.ts");
  } catch {
    // tsx missing (a production install of the repo): fall back to the bundle
  }
}
if (!existsSync(entry)) {
  console.error("error: mreg is not built; run `npm run build:cli` (or `npm install` to get tsx).");
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
