// `npm run build`: the production build `npm start` serves (into NEXT_DIST_DIR, default
// .next), stamped with the hash of its sources so `npm start` does not build it again.
import { build, distDir } from "./lib/production-build";

try {
  const { seconds } = build();
  console.log(`[registry] production build in ${distDir()} ready in ${Math.round(seconds)} s`);
} catch (err) {
  console.error(`[registry] ${(err as Error).message}`);
  process.exit(1);
}
