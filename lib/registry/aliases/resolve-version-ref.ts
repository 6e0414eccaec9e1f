import "server-only";
import { splitVersionRef } from "../../schemas/alias-name";
import { edge } from "../edge";
import { RegistryError, notFound } from "../errors";
import { getModel } from "../models/get-model";
import type { TModel } from "../models/select";
import { getVersion } from "../versions/get-version";
import type { TModelVersion } from "../versions/select";
import { getAlias } from "./get-alias";
import type { TAlias } from "./select";

export type TVersionRef =
  | { kind: "model"; model: TModel }
  | { kind: "version"; version: TModelVersion; alias: TAlias | null };

const isNotFound = (e: unknown) => e instanceof RegistryError && e.code === "NOT_FOUND";

/**
 * What "name", "name@alias" or "name@7" addresses (the browser's /models/{segment} and
 * the download route): a model whose name is exactly the text always wins, since model
 * names may contain "@"; otherwise the text splits on its last "@" into a model and a
 * version number (all digits) or an alias (`latest` included). Unknown: NOT_FOUND.
 */
export const resolveVersionRef = edge(async function resolveVersionRef(text: string): Promise<TVersionRef> {
  try {
    return { kind: "model", model: await getModel(text) };
  } catch (e) {
    const split = splitVersionRef(text);
    if (!isNotFound(e) || !split) throw e;
    if (/^\d+$/.test(split.ref)) return { kind: "version", version: await getVersion(split.model, split.ref), alias: null };
    const resolved = await getAlias(split.model, split.ref).catch((err) => {
      if (isNotFound(err)) throw notFound(`No model is named "${text}", and alias "${split.ref}" of model "${split.model}"`);
      throw err;
    });
    return { kind: "version", version: resolved.version!, alias: resolved.alias };
  }
});
