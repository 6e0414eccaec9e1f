// A stand-in S3 endpoint that denies everything. Checkpoints advertise it as their
// storage (lib/http/wire/checkpoint.ts) so the SDK's Checkpoint.download() gets
// AccessDenied from "S3" and falls back to GET /checkpoints/{uuid}, which streams
// the files from our storage. It holds no data and needs no token.
export const dynamic = "force-dynamic";

const deny = () =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied: download checkpoints through the registry (GET /checkpoints/{uuid}).</Message><RequestId>model-registry</RequestId></Error>`,
    { status: 403, headers: { "Content-Type": "application/xml", "x-amz-request-id": "model-registry" } },
  );

export const GET = deny;
export const HEAD = deny;
export const PUT = deny;
export const POST = deny;
export const DELETE = deny;
