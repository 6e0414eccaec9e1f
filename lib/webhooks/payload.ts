import "server-only";
import { wireCheckpoint } from "../http/wire/checkpoint";
import { wireModel } from "../http/wire/model";
import { wireVersion } from "../http/wire/version";
import type { TWebhookEventFacts } from "../registry/webhooks/delivery-work";

/**
 * The JSON a receiver gets: `{ id, type, timestamp, actor, model, version, changes }`
 * with the REST API's object shapes (checkpoint events add `checkpoint`). `id` names
 * the registry change (the same for every subscription); `changes` is exactly what the
 * change recorded. model and version are read when the event is first sent: a deleted
 * one is described by the fields its event recorded.
 */
export function webhookPayload(e: TWebhookEventFacts): string {
  const gone = (side: "before" | "after") => Object.fromEntries(e.changes.filter((c) => side in c).map((c) => [c.field, c[side]]));
  const modelName = e.objectKey.split(/ v\d+$|@/)[0];
  const model = e.model ? wireModel(e.model) : e.modelId !== null ? { id: e.modelId, name: modelName, ...(e.objectType === "MODEL" ? gone("before") : {}) } : null;
  const version = e.version ? wireVersion(e.version)
    : e.objectType === "MODEL_VERSION" ? { version: Number(e.objectId.split("/")[1]), ...gone("before") } : null;
  return JSON.stringify({
    id: `evt_${e.historyId}`, type: e.type, timestamp: e.at.toISOString(), actor: e.actor,
    model, version, ...(e.objectType === "CHECKPOINT" ? { checkpoint: e.checkpoint ? wireCheckpoint(e.checkpoint) : { uuid: e.objectId } } : {}),
    changes: e.changes,
  });
}
