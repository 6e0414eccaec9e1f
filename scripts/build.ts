// `npm run build`: the production build `npm start` serves (into NEXT_DIST_DIR, default
// .next), stamped with the hash of its sources so `npm start` does not build it again.
// `--if-stale`: only when it is missing or out of date (as `npm start` decides).
import { build, distDir, staleReason } from "./lib/production-build";

try {
  const why = process.argv.includes("--if-stale") ? staleReason() : "asked to";
  if (!why) {
    console.log(`[registry] the production build in ${distDir()} is current`);
  } else {
    const { seconds } = build();
    console.log(`[registry] production build in ${distDir()} ready in ${Math.round(seconds)} s`);
  }
} catch (err) {
  console.error(`[registry] ${(err as Error).message}`);
  process.exit(1);
}
