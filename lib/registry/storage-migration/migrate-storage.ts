import "server-only";
import { signedIn, type Actor } from "../actor";
import { RegistryError } from "../errors";
import { storageAt } from "../storage/checkpoint-location";
import { currentStorage, openStorage } from "../storage/current-storage";
import { checkpointsToMove, movePlanTotals } from "./checkpoints-to-move";
import { copyCheckpoint } from "./copy-checkpoint";
import { recordCheckpointLocation } from "./record-checkpoint-location";

/** One checkpoint's step, as it happens: for the progress display and the dry run's list. */
export type TMigrationStep = {
  uuid: string;
  bytes: number;
  from: string;
  /** would-copy: dry run. copied / already-copied: switched to the target. no-files: nothing stored (reported only), recorded at the target. */
  outcome: "would-copy" | "copied" | "already-copied" | "no-files" | "deleted-meanwhile" | "moved-meanwhile" | "failed";
  error?: string;
};

export type TMigrationResult = {
  target: string;
  dryRun: boolean;
  /** What was still to move when the run started. */
  planned: { checkpoints: number; bytes: number };
  moved: number;
  movedBytes: number;
  failed: { uuid: string; error: string }[];
};

/**
 * `npm run storage:migrate` (docs/decisions/096-storage-migration.md): copies every
 * completed checkpoint not yet at `to` there through the storage interface, verifies
 * each copy against its recorded SHA-256 digests, and then switches that checkpoint's
 * recorded location, one checkpoint at a time. Reads never stop: until its switch a
 * checkpoint is read from where it was (the old files are kept), after it from the
 * copy. A re-run moves only what is left, and keeps an intact copy an interrupted run
 * made. A dry run reads the database and storage and changes nothing.
 * Registry administrators only.
 */
export async function migrateStorage({ actor, to, dryRun = false, onPlan, onStep, onBytes }: {
  actor: Actor;
  to: string;
  dryRun?: boolean;
  onPlan?: (planned: { checkpoints: number; bytes: number }) => void;
  onStep?: (step: TMigrationStep) => void;
  onBytes?: (n: number) => void;
}): Promise<TMigrationResult> {
  const who = signedIn(actor);
  if (!who.admin) throw new RegistryError("FORBIDDEN", "Only administrators can migrate the checkpoint storage.");
  const target = storageAt(openStorage(to).location);
  const configured = currentStorage().location;
  const planned = await movePlanTotals(target.location, configured);
  onPlan?.(planned);
  const result: TMigrationResult = { target: target.location, dryRun, planned, moved: 0, movedBytes: 0, failed: [] };
  for await (const cp of checkpointsToMove(target.location, configured)) {
    const from = storageAt(cp.location);
    const step = (outcome: TMigrationStep["outcome"], error?: string) => onStep?.({ uuid: cp.uuid, bytes: cp.bytes, from: from.location, outcome, error });
    if (dryRun) {
      step("would-copy");
      continue;
    }
    try {
      const outcome = await copyCheckpoint(from, target, cp, onBytes);
      if (outcome === "no-files" && cp.digests) {
        throw new Error(`its files are missing from ${from.location} (they were recorded at upload); run npm run storage:verify, restore them, and run the migration again.`);
      }
      const switched = await recordCheckpointLocation({ actor: who, uuid: cp.uuid, from: cp.location, to: target.location, fromLabel: from.location });
      if (switched === "gone") {
        // Deleted while it was copied: its files at the source went with it; the copy goes too.
        if (outcome !== "no-files") await target.deleteCheckpoint(cp.uuid);
        step("deleted-meanwhile");
        continue;
      }
      if (switched === "moved-meanwhile") {
        step("moved-meanwhile"); // another run switched it first; its copy stands
        continue;
      }
      result.moved += 1;
      result.movedBytes += cp.bytes;
      step(outcome);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result.failed.push({ uuid: cp.uuid, error });
      step("failed", error);
    }
  }
  return result;
}
