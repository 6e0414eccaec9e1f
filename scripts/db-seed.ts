// Loads the demo data into an empty registry (DATABASE_URL or the embedded database).
import { prepareDatabase } from "../lib/db/bootstrap";

process.env.MREG_DEMO_DATA = "1";
const { cluster, seeded } = await prepareDatabase();
console.log(seeded ? "demo data loaded" : "the registry already has models; demo data not loaded");
if (cluster?.started) cluster.stop();
process.exit(0);
