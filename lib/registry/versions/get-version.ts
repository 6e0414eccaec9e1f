import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { RegistryError, notFound } from "../errors";
import { findModelOrThrow } from "../models/select";
import { toVersion, versionSelect, type TModelVersion } from "./select";

function versionNumber(n: number | string): number {
  const num = typeof n === "number" ? n : /^\d+$/.test(n) ? Number(n) : NaN;
  if (!Number.isSafeInteger(num) || num < 1) {
    throw new RegistryError("INVALID", `Version must be a positive whole number, got "${n}".`);
  }
  return num;
}

/** A model's version n, or its latest version when n is absent. */
export const getVersion = edge(async function getVersion(modelRef: string | number, n?: number | string): Promise<TModelVersion> {
  const model = await findModelOrThrow(db(), modelRef);
  if (n === undefined || n === null || n === "") {
    const latest = await db().modelVersion.findFirst({
      where: { modelId: model.id },
      orderBy: { version: "desc" },
      select: versionSelect,
    });
    if (!latest) throw notFound(`Model "${model.name}" has no versions; a version`);
    return toVersion(latest);
  }
  const version = versionNumber(n);
  const row = await db().modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    select: versionSelect,
  });
  if (!row) throw notFound(`Version ${version} of model "${model.name}"`);
  return toVersion(row);
});

export { versionNumber };
