import { route } from "@/lib/http/route";
import { wireCheckpoint } from "@/lib/http/wire/checkpoint";
import { getCheckpoint } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const GET = route<{ checkpointUuid: string }>(async ({ params }) => ({
  checkpoint: wireCheckpoint(await getCheckpoint(params.checkpointUuid)),
}));
