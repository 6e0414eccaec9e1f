import "server-only";
import { edge } from "../edge";
import { db, type Prisma } from "../../db/client";
import { ZListHistory, type TListHistory } from "../../schemas";
import { parse, notFound } from "../errors";
import { findModelOrThrow } from "../models/select";
import { versionNumber } from "../versions/get-version";
import type { FieldChange, HistoryAction, HistoryObjectType } from "./record-history";
import { summarize } from "./summarize";

export type THistoryEvent = {
  id: string;
  at: Date;
  userId: number | null;
  username: string;
  objectType: HistoryObjectType;
  objectId: string;
  objectKey: string;
  action: HistoryAction;
  changes: FieldChange[];
  summary: string;
};
export type HistoryPage = { events: THistoryEvent[]; total: number; offset: number; limit: number };

/** An object's history, newest first. */
export const listHistory = edge(async function listHistory(input: TListHistory): Promise<HistoryPage> {
  const q = parse(ZListHistory, input);
  const where: Prisma.HistoryEventWhereInput =
    q.objectType === "MODEL" && q.includeVersions
      ? { modelId: Number(q.objectId) }
      : { objectType: q.objectType, objectId: String(q.objectId) };
  const [rows, total] = await Promise.all([
    db().historyEvent.findMany({ where, orderBy: { id: "desc" }, skip: q.offset, take: q.limit === 0 ? undefined : q.limit }),
    db().historyEvent.count({ where }),
  ]);
  const events = rows.map((r) => {
    const e = { ...r, id: String(r.id), changes: r.changes as FieldChange[], action: r.action as HistoryAction };
    return { ...e, summary: summarize(e) };
  });
  return { events, total, offset: q.offset, limit: q.limit };
});

/** A model's history (its versions' events included), addressed by name or id. */
export const listModelHistory = edge(async function listModelHistory(modelRef: string | number, page: { offset?: number; limit?: number } = {}) {
  const model = await findModelOrThrow(db(), modelRef);
  return listHistory({ objectType: "MODEL", objectId: model.id, ...page });
});

/** One version's history; works for a deleted version too, as long as the model exists. */
export const listVersionHistory = edge(async function listVersionHistory(modelRef: string | number, n: number | string, page: { offset?: number; limit?: number } = {}) {
  const model = await findModelOrThrow(db(), modelRef);
  const version = versionNumber(n);
  const result = await listHistory({ objectType: "MODEL_VERSION", objectId: `${model.id}/${version}`, ...page });
  if (result.total === 0 && version > (await lastVersion(model.id))) throw notFound(`Version ${version} of model "${model.name}"`);
  return result;
});

async function lastVersion(modelId: number): Promise<number> {
  const m = await db().model.findUnique({ where: { id: modelId }, select: { lastVersion: true } });
  return m?.lastVersion ?? 0;
}
