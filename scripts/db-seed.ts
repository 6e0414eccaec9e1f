// Loads the demo data into an empty registry (DATABASE_URL or the embedded database).
import { prepareDatabase } from "../lib/db/bootstrap";
import { describeStartupError } from "../lib/db/startup-errors";

process.env.MREG_DEMO_DATA = "1";
const external = Boolean(process.env.DATABASE_URL);
const { cluster, seeded } = await prepareDatabase().catch((err) => {
  console.error(`[registry] ${describeStartupError(err, process.env.DATABASE_URL, external)}`);
  process.exit(1);
});
console.log(seeded ? "demo data loaded" : "the registry already has models; demo data not loaded");
if (cluster?.started) cluster.stop();
process.exit(0);
