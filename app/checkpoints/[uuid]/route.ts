// Checkpoint file transfer (not under /api/v1, as in Determined): GET streams the
// stored files as a .tar.gz (what the SDK's Checkpoint.download() falls back to),
// PUT streams one in. Neither buffers a body: memory stays flat for any size.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { downloadActor } from "@/lib/http/download-actor";
import { hashedBody, idempotencyKeyOf, idempotent } from "@/lib/http/idempotency";
import { publicRoute, route } from "@/lib/http/route";
import { wireCheckpoint } from "@/lib/http/wire/checkpoint";
import { RegistryError, getCheckpoint, openCheckpointDownload, storeCheckpointArchive } from "@/lib/registry";
import { MANIFEST_DIGEST_HEADER } from "@/lib/archive/manifest-header";
import { toWebStream } from "./web-stream";

export const dynamic = "force-dynamic";

export const GET = publicRoute<{ uuid: string }>(async ({ req, params }) => {
  await downloadActor(req);
  const { archive, manifestDigest } = await openCheckpointDownload(params.uuid);
  return new Response(toWebStream(archive), {
    status: 200,
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${params.uuid}.tar.gz"`,
      "Cache-Control": "no-store",
      ...(manifestDigest ? { [MANIFEST_DIGEST_HEADER]: manifestDigest } : {}),
    },
  });
});

export const PUT = route<{ uuid: string }>(async ({ req, params, actor }) => {
  if (!req.body) throw new RegistryError("INVALID", "The request has no body; send the checkpoint's files as a .tar.gz.");
  const received = Readable.fromWeb(req.body as NodeWebStream<Uint8Array>);
  // With an Idempotency-Key the archive is hashed as it streams in (a retry must send the same bytes).
  const { body, hash } = idempotencyKeyOf(req) === undefined ? { body: received, hash: undefined } : hashedBody(req, received);
  return idempotent({ req, actor, bodyHash: hash ?? (() => Promise.resolve("")) }, async (idempotency) => {
    const checkpoint = await storeCheckpointArchive({ actor, uuid: params.uuid, archive: body, idempotency });
    return { checkpoint: wireCheckpoint(checkpoint) };
  }, async (made) => ({ checkpoint: wireCheckpoint(await getCheckpoint(made.id)) }));
});
