// A real S3 server process for tests (s3rver, on the file system), started by s3-server.ts.
// Usage: node s3rver-process.mjs <directory> <port> <bucket>; prints {"port": N} once listening.
//
// s3rver 3.7.1 does not implement ListMultipartUploads or AbortMultipartUpload (both
// answer NotImplemented); the registry uses both (decision 091). The middleware below adds
// them over s3rver's own store layout (`<dir>/<bucket>/._S3rver_uploads/<uploadId>/key`),
// so an interrupted upload and the sweep can be tested against a real server process.
import fs from "node:fs/promises";
import path from "node:path";
import S3rver from "s3rver";

const [directory, port, bucket] = process.argv.slice(2);
const xml = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const server = new S3rver({ directory, port: Number(port), address: "127.0.0.1", silent: true, configureBuckets: [{ name: bucket }] });
server.middleware.unshift(async (ctx, next) => {
  const [, b, ...rest] = ctx.path.split("/").filter((part, i) => i < 2 || part !== "");
  const uploadsDir = path.join(directory, decodeURIComponent(b ?? ""), "._S3rver_uploads");
  if (ctx.method === "GET" && b && rest.length === 0 && "uploads" in ctx.query) {
    const prefix = ctx.query.prefix ?? "";
    const ids = await fs.readdir(uploadsDir).catch(() => []);
    const uploads = [];
    for (const id of ids) {
      const key = await fs.readFile(path.join(uploadsDir, id, "key"), "utf8").catch(() => null);
      if (key === null || !key.startsWith(prefix)) continue;
      const { birthtime, mtime } = await fs.stat(path.join(uploadsDir, id, "key"));
      uploads.push({ key, id, initiated: (birthtime.getTime() ? birthtime : mtime).toISOString() });
    }
    uploads.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    ctx.type = "application/xml";
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult><Bucket>${xml(b)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><Prefix>${xml(prefix)}</Prefix><MaxUploads>10000</MaxUploads><IsTruncated>false</IsTruncated>${
      uploads.map((u) => `<Upload><Key>${xml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`).join("")
    }</ListMultipartUploadsResult>`;
    return;
  }
  if (ctx.method === "DELETE" && b && rest.length && typeof ctx.query.uploadId === "string") {
    const dir = path.join(uploadsDir, path.basename(ctx.query.uploadId));
    try {
      await fs.access(dir);
    } catch {
      ctx.status = 404;
      ctx.type = "application/xml";
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
      return;
    }
    await fs.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    return;
  }
  await next();
});
const { port: listening } = await server.run();
process.stdout.write(`${JSON.stringify({ port: listening })}\n`);
