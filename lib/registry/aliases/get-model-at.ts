import "server-only";
import { db } from "../../db/client";
import { ZAsOf } from "../../schemas/alias";
import type { TMetadata } from "../../schemas";
import { edge } from "../edge";
import { RegistryError, parse } from "../errors";
import type { FieldChange } from "../history/record-history";
import { findModelOrThrow, modelsByIds, type TModel } from "../models/select";
import { aliasesAt, until, versionCountAt, type AliasAt } from "./at-queries";

export type TModelAt = {
  /** The model as it was at `at`: its fields, version count and aliases then. */
  model: TModel;
  /** The aliases it had then, with who set each, when and why. */
  aliases: AliasAt[];
  at: Date;
};

type Event = { at: Date; action: string; changes: FieldChange[] };
const PLAIN_FIELDS = new Set(["name", "description", "labels", "notes", "workspaceName", "archived"]);
// Edits that bumped the revision (a metadata merge is recorded as UPDATE too).
const REVISIONS = new Set(["UPDATE", "ARCHIVE", "UNARCHIVE"]);

/**
 * The model as it was at an instant (docs/decisions/050): the current row with the
 * model's own history events after that instant undone, newest first, from each
 * change's `before` (metadata key by key). Only the model's events are read, through
 * (object_type, object_id, id): its alias and version events, however many, are not
 * scanned; aliases and the version count then come from their own indexes.
 */
export const getModelAt = edge(async function getModelAt(modelRef: string | number, asOf: string | Date): Promise<TModelAt> {
  const at = parse(ZAsOf, asOf instanceof Date ? asOf.toISOString() : asOf);
  const [now] = await modelsByIds([(await findModelOrThrow(db(), modelRef)).id]);
  if (!now) throw new RegistryError("NOT_FOUND", `Model "${modelRef}" not found.`);
  const notYet = () => new RegistryError("NOT_FOUND", `Model "${now.name}" did not exist yet at ${at.toISOString()} (created ${now.creationTime.toISOString()}).`);
  if (now.creationTime >= until(at)) throw notYet();
  const [events, [lastEdit], aliases, numVersions] = await Promise.all([
    db().$queryRaw<Event[]>`
      SELECT at, action, changes FROM history_events
       WHERE object_type = 'MODEL' AND object_id = ${String(now.id)} AND at >= ${until(at)}
       ORDER BY id DESC`,
    db().$queryRaw<{ at: Date }[]>`
      SELECT at FROM history_events
       WHERE object_type = 'MODEL' AND object_id = ${String(now.id)} AND at < ${until(at)}
       ORDER BY id DESC LIMIT 1`,
    aliasesAt(now.id, at),
    versionCountAt(now.id, at),
  ]);
  const then: Record<string, unknown> = { ...now, metadata: { ...now.metadata } };
  const metadata = then.metadata as TMetadata;
  for (const e of events) {
    if (e.action === "CREATE") throw notYet();
    for (const c of e.changes) {
      if (c.field.startsWith("metadata.")) {
        const key = c.field.slice("metadata.".length);
        if ("before" in c) metadata[key] = c.before;
        else delete metadata[key];
      } else if (PLAIN_FIELDS.has(c.field) && "before" in c) {
        then[c.field] = c.before;
      }
    }
  }
  const model = then as TModel;
  if (model.workspaceName !== now.workspaceName) {
    const ws = await db().workspace.findUnique({ where: { name: model.workspaceName }, select: { id: true } });
    model.workspaceId = ws?.id ?? now.workspaceId;
  }
  model.numVersions = numVersions;
  model.lastUpdatedTime = lastEdit?.at ?? now.creationTime;
  model.revision = Math.max(1, now.revision - events.filter((e) => REVISIONS.has(e.action)).length);
  model.aliases = aliases.map((a) => ({ alias: a.alias, version: a.version! }));
  return { model, aliases, at };
});
