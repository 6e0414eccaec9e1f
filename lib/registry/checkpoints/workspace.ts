import "server-only";
import type { Prisma } from "../../db/client";
import { DEFAULT_WORKSPACE } from "../defaults";

/** A checkpoint belongs to its experiment's workspace; one reported without an experiment, to the default one. */
export async function checkpointWorkspaceId(tx: Prisma.TransactionClient, experimentId: number | null): Promise<number> {
  if (experimentId !== null) {
    const e = await tx.experiment.findUnique({ where: { id: experimentId }, select: { workspaceId: true } });
    if (e) return e.workspaceId;
  }
  return (await tx.workspace.findUniqueOrThrow({ where: { name: DEFAULT_WORKSPACE }, select: { id: true } })).id;
}
