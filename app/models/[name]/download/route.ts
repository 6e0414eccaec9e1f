// /models/{name}@{alias}/download (and name@7, or a plain name for `latest`): the files of
// whatever the alias names when the request arrives, as .tar.gz; what the version
// page's "Download" link and scripts that only know an alias use.
import { toWebStream } from "@/app/checkpoints/[uuid]/web-stream";
import { downloadActor } from "@/lib/http/download-actor";
import { publicRoute } from "@/lib/http/route";
import { MANIFEST_DIGEST_HEADER } from "@/lib/archive/manifest-header";
import { getVersion, openCheckpointDownload, resolveVersionRef } from "@/lib/registry";
import { decodeSegment } from "@/lib/url/route-segment";

export const dynamic = "force-dynamic";

export const GET = publicRoute<{ name: string }>(async ({ req, params }) => {
  await downloadActor(req);
  const ref = await resolveVersionRef(decodeSegment(params.name));
  const version = ref.kind === "version" ? ref.version : await getVersion(ref.model.id);
  const { archive, manifestDigest } = await openCheckpointDownload(version.checkpoint.uuid);
  // An ASCII file name: "<model>@<alias>-v<n>.tar.gz", anything else replaced.
  const label = ref.kind === "version" && ref.alias ? `${version.model.name}@${ref.alias.alias}` : version.model.name;
  const file = `${label}-v${version.version}.tar.gz`.replace(/[^A-Za-z0-9._@-]/g, "_");
  return new Response(toWebStream(archive), {
    status: 200,
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
      "X-Model-Version": String(version.version),
      ...(manifestDigest ? { [MANIFEST_DIGEST_HEADER]: manifestDigest } : {}),
    },
  });
});
