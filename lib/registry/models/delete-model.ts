import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { findModelOrThrow } from "./select";

/** Deletes the model and its versions; the checkpoints they pointed at stay. */
export async function deleteModel(ref: string | number, _actor?: Actor): Promise<void> {
  await db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, ref);
    await tx.modelVersion.deleteMany({ where: { modelId: model.id } });
    await tx.model.delete({ where: { id: model.id } });
  });
}
