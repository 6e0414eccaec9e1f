import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { notFound } from "../errors";
import { modelSelect, modelWhere, toModel, type TModel } from "./select";

export const getModel = edge(async function getModel(ref: string | number): Promise<TModel> {
  const where = modelWhere(ref);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${ref}"`);
  const row = await db().model.findUnique({ where, select: modelSelect });
  if (!row) throw notFound(`Model "${ref}"`);
  return toModel(row);
});
