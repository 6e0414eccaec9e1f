import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { findModelOrThrow, modelSelect, toModel, type TModel } from "./select";

async function setArchived(ref: string | number, archived: boolean): Promise<TModel> {
  return db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, ref);
    const row = await tx.model.update({
      where: { id: model.id },
      data: { archived, revision: { increment: 1 }, lastUpdatedTime: new Date() },
      select: modelSelect,
    });
    return toModel(row);
  });
}

export const archiveModel = (ref: string | number, _actor?: Actor) => setArchived(ref, true);
export const unarchiveModel = (ref: string | number, _actor?: Actor) => setArchived(ref, false);
