import { registerVersion } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel } from "./factories";

/** A new model with versions 1..n, all of one completed checkpoint. */
export async function modelWithVersions(n: number, overrides: Record<string, unknown> = {}) {
  const m = await makeModel(overrides);
  const cp = await makeCheckpoint();
  for (let i = 0; i < n; i++) await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
  return m;
}
