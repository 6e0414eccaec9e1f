import "server-only";
import { db } from "../../db/client";
import { ZListVersions, type TListVersions } from "../../schemas";
import { parse } from "../errors";
import { findModelOrThrow } from "../models/select";
import { toVersion, versionSelect, type TModelVersion } from "./select";

export type VersionPage = { versions: TModelVersion[]; total: number; offset: number; limit: number };

/** A model's versions, newest first unless asked otherwise. */
export async function listVersions(modelRef: string | number, input: TListVersions = {}): Promise<VersionPage> {
  const q = parse(ZListVersions, input);
  const model = await findModelOrThrow(db(), modelRef);
  const orderBy = q.sortBy === "version"
    ? [{ version: q.orderBy }]
    : [{ creationTime: q.orderBy }, { id: q.orderBy }];
  const [rows, total] = await Promise.all([
    db().modelVersion.findMany({
      where: { modelId: model.id },
      orderBy,
      skip: q.offset,
      take: q.limit === 0 ? undefined : q.limit,
      select: versionSelect,
    }),
    db().modelVersion.count({ where: { modelId: model.id } }),
  ]);
  return { versions: rows.map(toVersion), total, offset: q.offset, limit: q.limit };
}
