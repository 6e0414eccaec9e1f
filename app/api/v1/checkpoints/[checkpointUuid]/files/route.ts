// A checkpoint's files with their digests and, with ?presign=1, short-lived URLs to fetch
// each straight from object storage (mreg checkpoint download uses them when offered).
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { listCheckpointFiles } from "@/lib/registry";
import { ZCheckpointFilesQuery, type TCheckpointFilesReply } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ checkpointUuid: string }>(async ({ params, query }): Promise<TCheckpointFilesReply> => {
  const q = parseQuery(ZCheckpointFilesQuery, query);
  const files = await listCheckpointFiles({ uuid: params.checkpointUuid, presign: q.presign, expiresInSeconds: q.expiresIn });
  return { ...files, expiresAt: files.expiresAt?.toISOString() ?? null };
});
