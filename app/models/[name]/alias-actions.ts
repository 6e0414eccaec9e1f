"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { parse, removeAlias, setAlias, setAliasProtection, type TAlias } from "@/lib/registry";
import { ZModelId } from "@/lib/schemas";

/**
 * Promotes: points an alias at a version, expecting the target the dialog showed (null:
 * none), so someone else's promotion in between is a CONFLICT carrying theirs.
 */
export async function setAliasAction(
  modelId: number, alias: string, version: number, expectedVersion: number | null, reason: string,
): Promise<ActionResult<TAlias>> {
  const result = await run(async () => (await setAlias({
    actor: await currentActor(), model: parse(ZModelId, modelId), alias, input: { version, expectedVersion, reason },
  })).alias);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Removes an alias that the page showed naming `expectedVersion`. */
export async function removeAliasAction(
  modelId: number, alias: string, expectedVersion: number, reason: string,
): Promise<ActionResult<TAlias>> {
  const result = await run(async () => (await removeAlias({
    actor: await currentActor(), model: parse(ZModelId, modelId), alias, input: { expectedVersion, reason },
  })).alias);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Protects (true), unprotects (false) or returns an alias to the registry default (null); workspace admins. */
export async function setAliasProtectionAction(
  modelId: number, alias: string, protectedSetting: boolean | null,
): Promise<ActionResult<TAlias>> {
  const result = await run(() => currentActor().then((actor) => setAliasProtection({
    actor, model: parse(ZModelId, modelId), alias, input: { protected: protectedSetting },
  })));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
