import "server-only";
import { edge } from "../edge";
import type { Readable } from "node:stream";
import { listArchiveFiles, packArchive } from "../../archive";
import { db } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { notFound, parse } from "../errors";
import { checkpointDir, checkpointFilesExist } from "./storage";

/** A .tar.gz stream of a checkpoint's stored files, produced as it is read. */
export const streamCheckpointArchive = edge(async function streamCheckpointArchive(uuid: string): Promise<Readable> {
  const id = parse(ZCheckpointUuid, uuid);
  const row = await db().checkpoint.findUnique({ where: { uuid: id }, select: { state: true } });
  if (!row) throw notFound(`Checkpoint ${uuid}`);
  if (!(await checkpointFilesExist(id))) throw notFound(`Files of checkpoint ${uuid}`);
  const dir = checkpointDir(id);
  return packArchive(dir, await listArchiveFiles(dir));
});
