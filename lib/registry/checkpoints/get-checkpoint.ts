import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { notFound, parse } from "../errors";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";

export const getCheckpoint = edge(async function getCheckpoint(uuid: string): Promise<TCheckpoint> {
  const id = parse(ZCheckpointUuid, uuid);
  const row = await db().checkpoint.findUnique({ where: { uuid: id }, select: checkpointSelect });
  if (!row) throw notFound(`Checkpoint ${uuid}`);
  return toCheckpoint(row);
});

/** Model versions that point at a checkpoint ("registered as"). */
export const listCheckpointVersions = edge(async function listCheckpointVersions(uuids: string[]) {
  const rows = await db().modelVersion.findMany({
    where: { checkpointUuid: { in: uuids } },
    select: { checkpointUuid: true, version: true, model: { select: { id: true, name: true } } },
    orderBy: [{ modelId: "asc" }, { version: "asc" }],
  });
  const out = new Map<string, { modelId: number; modelName: string; version: number }[]>();
  for (const r of rows) {
    const list = out.get(r.checkpointUuid) ?? [];
    list.push({ modelId: r.model.id, modelName: r.model.name, version: r.version });
    out.set(r.checkpointUuid, list);
  }
  return out;
});
