"use server";

import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { RegistryError, compareSection, parse, readableModel, type TCompareSectionPage } from "@/lib/registry";
import { ZModelId, type TCompareSection } from "@/lib/schemas";

/**
 * The compare page's "Show more": the next page of one list (the same read as
 * GET .../compare?section=...&after=...). As on the REST API: no anonymous reads, and
 * only models in the reader's workspaces.
 */
export async function loadCompareSectionAction(modelId: number, input: TCompareSection): Promise<ActionResult<TCompareSectionPage>> {
  return run(async () => {
    const actor = await currentActor();
    if (actor.anonymous) throw new RegistryError("UNAUTHENTICATED", "Sign in to compare this model's versions.");
    const id = parse(ZModelId, modelId);
    await readableModel(actor, id);
    return compareSection(id, input);
  });
}
