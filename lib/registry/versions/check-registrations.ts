import "server-only";
import type { z } from "zod";
import { db } from "../../db/client";
import type { ZRegisterVersion } from "../../schemas";
import type { Actor } from "../actor";
import { authorize } from "../auth/authorize";
import type { ResolvedClaim } from "../idempotency/claim";
import { RegistryError, notFound } from "../errors";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";

/** A registration whose input has been parsed; the checks below need the database. */
export type Registration = {
  who: Actor;
  checkpointUuid: string;
  data: z.output<typeof ZRegisterVersion>;
  /** The request's Idempotency-Key: its row commits with the version. */
  idempotency?: ResolvedClaim;
};

export type CheckedModel = { id: number; name: string };

/** A RegistryError becomes the member's answer; anything else (the database failing) is thrown. */
const refusal = (err: unknown): RegistryError => {
  if (err instanceof RegistryError) return err;
  throw err;
};

/**
 * The checks a registration passes before it may join a transaction, for a whole
 * batch at once: one model lookup, one checkpoint lookup and one role lookup per
 * user, instead of one of each per request. Each member gets its own verdict (null:
 * may register), so one refused member never fails the others. The order per member
 * is the rule's: model exists, role, model not archived, checkpoint usable.
 */
export async function checkRegistrations(
  modelRef: string | number, items: Registration[],
): Promise<{ model: CheckedModel | null; refusals: (RegistryError | null)[] }> {
  const uuids = [...new Set(items.map((r) => r.checkpointUuid))];
  const [model, checkpoints] = await Promise.all([
    findModelOrThrow(db(), modelRef).catch(refusal),
    db().checkpoint.findMany({ where: { uuid: { in: uuids } }, select: { uuid: true, state: true } }),
  ]);
  if (model instanceof RegistryError) return { model: null, refusals: items.map(() => model) };
  const states = new Map(checkpoints.map((c) => [c.uuid, c.state]));
  const roles = new Map<number, Promise<RegistryError | null>>();
  const permitted = (who: Actor) => {
    if (!roles.has(who.userId)) {
      roles.set(who.userId, authorize(undefined, who, "version.register", model.workspaceId).then(() => null, refusal));
    }
    return roles.get(who.userId)!;
  };
  const refusals = await Promise.all(items.map(async (r): Promise<RegistryError | null> => {
    const denied = await permitted(r.who);
    if (denied) return denied;
    try {
      assertNotArchived(model, "given new versions");
    } catch (err) {
      return refusal(err);
    }
    const state = states.get(r.checkpointUuid);
    if (!state) return notFound(`Checkpoint ${r.checkpointUuid}`);
    if (state === "DELETED") {
      return new RegistryError("FAILED_PRECONDITION", `Checkpoint ${r.checkpointUuid} has been deleted and cannot be registered.`);
    }
    return null;
  }));
  return { model: { id: model.id, name: model.name }, refusals };
}
