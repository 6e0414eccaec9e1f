import "server-only";
import crypto from "node:crypto";
import { db } from "../../db/client";
import { RegistryError } from "../errors";

/** How long a claim holds without renewal: a writer that died is taken over after this. */
const LEASE_SECONDS = 120;
const RENEW_MS = (LEASE_SECONDS * 1000) / 4;

export type UploadClaim = { token: string; stillHeld(): Promise<boolean>; release(): Promise<void> };

/**
 * Claims the right to write a checkpoint's files to object storage (decision 092): one
 * writer per checkpoint at a time across every instance, since two writers of one uuid
 * would write the same object keys. The claim is a lease on the row, renewed while the
 * upload runs; it also tells the sweep that the objects under the uuid are in use.
 * CONFLICT when another upload of the checkpoint holds a live claim.
 */
export async function claimUpload(uuid: string): Promise<UploadClaim> {
  const token = crypto.randomUUID();
  const claimed = await db().$executeRaw`
    UPDATE checkpoints SET upload_claim = ${token}, upload_claimed_until = now() + make_interval(secs => ${LEASE_SECONDS}::int)
    WHERE uuid = ${uuid}::uuid AND state <> 'COMPLETED' AND (upload_claimed_until IS NULL OR upload_claimed_until < now())`;
  if (!claimed) {
    throw new RegistryError("CONFLICT", `Checkpoint ${uuid} is being uploaded by another request; wait for it to finish (or fail) and try again.`);
  }
  const timer = setInterval(() => void db().$executeRaw`
    UPDATE checkpoints SET upload_claimed_until = now() + make_interval(secs => ${LEASE_SECONDS}::int)
    WHERE uuid = ${uuid}::uuid AND upload_claim = ${token}`.catch(() => {}), RENEW_MS);
  timer.unref();
  return {
    token,
    async stillHeld() {
      const rows = await db().$queryRaw<unknown[]>`SELECT 1 FROM checkpoints WHERE uuid = ${uuid}::uuid AND upload_claim = ${token}`;
      return rows.length > 0;
    },
    async release() {
      clearInterval(timer);
      await db().$executeRaw`
        UPDATE checkpoints SET upload_claim = NULL, upload_claimed_until = NULL WHERE uuid = ${uuid}::uuid AND upload_claim = ${token}`.catch(() => {});
    },
  };
}
