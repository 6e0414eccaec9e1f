import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { ZListVersions, type TListVersions } from "../../schemas";
import { parse } from "../errors";
import { getModel } from "../models/get-model";
import { toVersionOf, versionRowSelect, type TModelVersion } from "./select";

export type VersionPage = { versions: TModelVersion[]; total: number; offset: number; limit: number };

/**
 * A model's versions, newest first unless asked otherwise. The total is the model's
 * num_versions, kept in the same transaction as every version insert and delete
 * (decision 004), so a 100,000-version model needs no count. The page's ids come from
 * the (model_id, version) or (model_id, creation_time, id) index alone, then its rows
 * by id; the model is read once, not once per row (decision 009).
 */
export const listVersions = edge(async function listVersions(modelRef: string | number, input: TListVersions = {}): Promise<VersionPage> {
  const q = parse(ZListVersions, input);
  const model = await getModel(modelRef);
  const orderBy = q.sortBy === "version"
    ? [{ version: q.orderBy }]
    : [{ creationTime: q.orderBy }, { id: q.orderBy }];
  const page = { total: model.numVersions, offset: q.offset, limit: q.limit };
  if (q.limit === 0) {
    const rows = await db().modelVersion.findMany({ where: { modelId: model.id }, orderBy, skip: q.offset, select: versionRowSelect });
    return { ...page, versions: rows.map((r) => toVersionOf(r, model)) };
  }
  const ids = (await db().modelVersion.findMany({
    where: { modelId: model.id }, orderBy, skip: q.offset, take: q.limit, select: { id: true },
  })).map((r) => r.id);
  const rows = ids.length ? await db().modelVersion.findMany({ where: { id: { in: ids } }, select: versionRowSelect }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { ...page, versions: ids.flatMap((id) => (byId.has(id) ? [toVersionOf(byId.get(id)!, model)] : [])) };
});
