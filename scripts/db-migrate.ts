// Applies committed migrations to DATABASE_URL (or the embedded database).
import { prepareDatabase } from "../lib/db/bootstrap";
import { describeStartupError } from "../lib/db/startup-errors";

process.env.MREG_DEMO_DATA ??= "0";
const external = Boolean(process.env.DATABASE_URL);
const { cluster } = await prepareDatabase().catch((err) => {
  console.error(`[registry] ${describeStartupError(err, process.env.DATABASE_URL, external)}`);
  process.exit(1);
});
if (cluster?.started) cluster.stop();
process.exit(0);
