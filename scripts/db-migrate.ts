// Applies committed migrations to DATABASE_URL (or the embedded database).
import { prepareDatabase } from "../lib/db/bootstrap";

process.env.MREG_DEMO_DATA ??= "0";
const { cluster } = await prepareDatabase();
if (cluster?.started) cluster.stop();
process.exit(0);
