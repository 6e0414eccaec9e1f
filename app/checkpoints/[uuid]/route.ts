// Checkpoint file transfer (not under /api/v1, as in Determined): GET streams the
// stored files as a .tar.gz (what the SDK's Checkpoint.download() falls back to),
// PUT streams one in. Neither buffers a body: memory stays flat for any size.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { authenticate, bearerToken } from "@/lib/http/auth";
import { publicRoute, route } from "@/lib/http/route";
import { wireCheckpoint } from "@/lib/http/wire/checkpoint";
import { RegistryError, storeCheckpointArchive, streamCheckpointArchive, verifyToken, type Actor } from "@/lib/registry";
import { toWebStream } from "./web-stream";

export const dynamic = "force-dynamic";

/**
 * Downloads come from clients (bearer token) and from the web UI's Download link,
 * which can only carry the session cookie. A read has no side effects, so the
 * cookie is accepted here; uploads stay bearer-only.
 */
async function downloader(req: Request): Promise<Actor> {
  if (bearerToken(req)) return authenticate(req);
  const session = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.get("cookie") ?? "")?.[1];
  if (session) return verifyToken(decodeURIComponent(session));
  return authenticate(req); // 401 with the contract's message
}

export const GET = publicRoute<{ uuid: string }>(async ({ req, params }) => {
  await downloader(req);
  const archive = await streamCheckpointArchive(params.uuid);
  return new Response(toWebStream(archive), {
    status: 200,
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${params.uuid}.tar.gz"`,
      "Cache-Control": "no-store",
    },
  });
});

export const PUT = route<{ uuid: string }>(async ({ req, params, actor }) => {
  if (!req.body) throw new RegistryError("INVALID", "The request has no body; send the checkpoint's files as a .tar.gz.");
  const body = Readable.fromWeb(req.body as NodeWebStream<Uint8Array>);
  const checkpoint = await storeCheckpointArchive({ actor, uuid: params.uuid, archive: body });
  return { checkpoint: wireCheckpoint(checkpoint) };
});
