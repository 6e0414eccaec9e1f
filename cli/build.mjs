// Bundles mreg into one dependency-free file, cli/dist/mreg.mjs, for installs
// that have no tsx (a packed or global install): `npm run build:cli`, then
// `npm pack ./cli` gives a tarball that `npm install -g` anywhere with Node 20+.
import { build } from "esbuild";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const pkg = JSON.parse(fs.readFileSync(here("package.json"), "utf8"));

// `node cli/build.mjs --outfile <path>` bundles elsewhere (the HTTP tests build their own copy).
const at = process.argv.indexOf("--outfile");
const outfile = at > 0 ? process.argv[at + 1] : here("dist/mreg.mjs");

await build({
  entryPoints: [here("src/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  // commander is CommonJS; give its require() calls a real require in the ESM bundle.
  banner: { js: 'import { createRequire as __mregRequire } from "node:module"; const require = __mregRequire(import.meta.url);' },
  logLevel: "warning",
});
console.log(`built ${outfile} (mreg ${pkg.version})`);
