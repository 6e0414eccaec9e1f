"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { RegistryError, listModels, parse, registerVersion } from "@/lib/registry";
import { ZModelSearch, ZRegisterCheckpoint, type TModelSearch, type TRegisterCheckpoint } from "@/lib/schemas";

/** What the model picker shows per model. */
export type PickerModel = {
  id: number;
  name: string;
  description: string;
  numVersions: number;
  lastVersion: number;
  lastUpdatedTime: Date;
};

/** The model picker's read: unarchived models matching the text, most recently updated first. */
export async function searchModelsAction(input: TModelSearch): Promise<ActionResult<PickerModel[]>> {
  return run(async () => {
    // Pages are behind sign-in, but an action is callable on its own (a stale cookie gets
    // past the proxy): model names are not for anonymous callers, as on the REST API.
    const reader = await currentActor();
    if (reader.anonymous) throw new RegistryError("UNAUTHENTICATED", "Sign in to search models.");
    const { query, limit } = parse(ZModelSearch, input);
    // Only models the user may read: the workspaces they hold a role in (decision 061).
    const { models } = await listModels({ reader,
      name: query.trim() || undefined, archived: false, sortBy: "lastUpdatedTime", orderBy: "desc", limit,
    });
    return models.map(({ id, name, description, numVersions, lastVersion, lastUpdatedTime }) => (
      { id, name, description, numVersions, lastVersion, lastUpdatedTime }
    ));
  });
}

export type RegisteredVersion = { modelName: string; version: number };

export async function registerCheckpointAction(input: TRegisterCheckpoint): Promise<ActionResult<RegisteredVersion>> {
  const result = await run(async () => {
    const { model, checkpointUuid, ...version } = parse(ZRegisterCheckpoint, input);
    const created = await registerVersion({ actor: await currentActor(), model, checkpointUuid, input: version });
    return { modelName: created.model.name, version: created.version };
  });
  if (result.ok) revalidatePath("/", "layout"); // model lists, the model's page and the experiment table all changed
  return result;
}
