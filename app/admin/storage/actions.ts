"use server";

import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { latestStorageVerification, startStorageVerificationInBackground, type TStorageVerification } from "@/lib/registry";

/** Starts a re-hash of every stored checkpoint in the background (administrators; one run at a time). */
export async function startStorageVerificationAction(): Promise<ActionResult<TStorageVerification>> {
  return run(async () => startStorageVerificationInBackground({ actor: await currentActor(), log: (line) => console.log(line) }));
}

/** The latest run with its progress, read from the database, so any instance shows the same. */
export async function storageVerificationAction(): Promise<ActionResult<TStorageVerification | null>> {
  return run(async () => latestStorageVerification({ actor: await currentActor() }));
}
