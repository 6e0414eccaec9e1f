import "server-only";
import { ZCheckpointUuid, ZRegisterVersion, type TRegisterVersion } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { notFound, parse, translateDbError } from "../errors";
import { resolveClaim, type IdempotencyClaim } from "../idempotency/claim";
import { submitRegistration } from "./commit-registrations";
import type { TModelVersion } from "./select";

/**
 * Registers a checkpoint as the model's next version.
 *
 * Registrations on one model that arrive while one is committing share the next
 * transaction (group commit, docs/decisions/016-batched-version-registration.md):
 * each is checked on its own first (model, role, archived, checkpoint), then one
 * UPDATE of models.last_version takes the model row's lock and reserves their
 * numbers (docs/decisions/004-version-numbers.md), so numbering stays race-free
 * across server processes whatever the batching does. It is the one write that does
 * not go through write(): see commit-registrations.ts for how it uses write()'s pieces.
 */
export async function registerVersion({ actor, model: modelRef, checkpointUuid, input = {}, idempotency }: {
  actor: Actor;
  model: string | number;
  checkpointUuid: string;
  input?: TRegisterVersion;
  /** The request's Idempotency-Key: its row commits in the version's transaction. */
  idempotency?: IdempotencyClaim;
}): Promise<TModelVersion> {
  const who = signedIn(actor);
  const uuid = parse(ZCheckpointUuid, checkpointUuid);
  const data = parse(ZRegisterVersion, input);
  try {
    const claim = idempotency && await resolveClaim(idempotency);
    const version = await submitRegistration(modelRef, { who, checkpointUuid: uuid, data, idempotency: claim });
    // Deleted between its commit and the read back.
    if (!version) throw notFound(`The new version of model "${modelRef}"`);
    return version;
  } catch (err) {
    // A checkpoint deleted after the checks fails the insert's foreign key.
    translateDbError(err, { foreignKey: `Checkpoint ${uuid} not found.` });
  }
}
