import { idempotent } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { toReportCheckpoint } from "@/lib/http/wire/report-checkpoint";
import { parse, reportCheckpoint } from "@/lib/registry";
import { ZApiCheckpoint } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";

/** Reports a checkpoint's metadata (the body is a Checkpoint message); files follow with PUT /checkpoints/{uuid}. */
export const POST = route(async ({ req, body, actor }) => {
  const sent = await body();
  return idempotent({ req, actor, body: sent }, async (idempotency) => {
    await reportCheckpoint({ actor, input: toReportCheckpoint(parse(ZApiCheckpoint, sent)), idempotency });
    return {};
  }, async () => ({}));
});
