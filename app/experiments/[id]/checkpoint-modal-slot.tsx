import { RegistryError, getCheckpoint, listCheckpointVersions, type TCheckpoint } from "@/lib/registry";
import { CheckpointDetails } from "@/components/checkpoints/checkpoint-details";
import { CheckpointModal } from "@/components/checkpoints/checkpoint-modal";
import { Providers } from "@/components/providers";

async function findCheckpoint(uuid: string): Promise<TCheckpoint | null> {
  try {
    return await getCheckpoint(uuid);
  } catch (e) {
    // A shared link to a deleted checkpoint, or a mistyped uuid: say so in the modal.
    if (e instanceof RegistryError && (e.code === "NOT_FOUND" || e.code === "INVALID")) return null;
    throw e;
  }
}

/** Loads the checkpoint named in ?checkpoint= and renders the modal around its details. */
export async function CheckpointModalSlot({ uuid, closeHref, allRegistrationsHref, allRegistrations }: {
  uuid: string;
  closeHref: string;
  /** This modal with every registration listed, and whether that is the current view. */
  allRegistrationsHref: string;
  allRegistrations: boolean;
}) {
  const checkpoint = await findCheckpoint(uuid);
  const versions = checkpoint ? (await listCheckpointVersions([checkpoint.uuid])).get(checkpoint.uuid) ?? [] : [];
  const summary = checkpoint
    ? [checkpoint.experimentName, checkpoint.trialId ? `trial ${checkpoint.trialId}` : null, checkpoint.batchNumber !== null ? `batch ${checkpoint.batchNumber}` : null]
        .filter(Boolean).join(" · ")
    : undefined;
  return (
    <Providers>
      <CheckpointModal key={uuid} closeHref={closeHref} checkpoint={checkpoint && { uuid: checkpoint.uuid, state: checkpoint.state, summary: summary ?? "" }}>
        {checkpoint ? (
          <CheckpointDetails checkpoint={checkpoint} registeredAs={{ registrations: versions, allHref: allRegistrationsHref, expanded: allRegistrations }} headingLevel={3} />
        ) : (
          <p role="alert" className="text-sm text-slate-700">
            Checkpoint <code className="font-mono break-all">{uuid}</code> was not found. It may have been deleted, or the link is mistyped.
          </p>
        )}
      </CheckpointModal>
    </Providers>
  );
}
