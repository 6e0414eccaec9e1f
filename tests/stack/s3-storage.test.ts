// A production server with its checkpoints in S3 (issue 15): uploads and the .tar.gz
// download through it, presigned URLs, `mreg checkpoint download` straight from
// storage, the SDK's download path (decision 094), and refused credentials at start-up.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mreg as runMreg } from "../cli/run-mreg";
import { rawTarGz } from "../support/raw-tar";
import { startS3Server, type S3Server } from "../support/s3-server";
import { ADMIN_PASSWORD, client, startStack, type Stack } from "../support/stack";

let s3: S3Server;
let stack: Stack;
let token = "";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-s3-stack-"));
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const weights = crypto.randomBytes(40 * 1024 * 1024 + 123); // multipart up, ranged down
const files: Record<string, Buffer> = { "model.bin": weights, "cfg/config.json": Buffer.from('{"lr": 0.1}') };
let uuid = "";

beforeAll(async () => {
  s3 = await startS3Server();
  stack = await startStack({ env: s3.env("stack") });
  token = await stack.login();
  uuid = crypto.randomUUID();
  const api = client(stack.baseUrl, token);
  expect((await api("POST", "/api/v1/checkpoints", { uuid, training: { experimentName: `s3-${Date.now()}` } })).status).toBe(200);
  const put = await api("PUT", `/checkpoints/${uuid}`, new Uint8Array(rawTarGz(Object.entries(files).map(([name, body]) => ({ name, body })))), { "content-type": "application/gzip" });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  expect(put.body.checkpoint.state).toBe("STATE_COMPLETED");
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await s3?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

// mreg as a real process (tests/cli/run-mreg.ts), pointed at this file's server.
const mreg = (args: string[]) => runMreg(args, { env: { MREG_MASTER: stack.baseUrl, MREG_PASSWORD: ADMIN_PASSWORD } });

const sameFiles = (dir: string) => {
  for (const [name, body] of Object.entries(files)) expect(sha256(fs.readFileSync(path.join(dir, name))), name).toBe(sha256(body));
};

describe("a server storing checkpoints in S3", () => {
  it("keeps one object per file under <prefix>/<uuid>/ and says it is healthy", async () => {
    const stored = fs.readdirSync(path.join(s3.dir, s3.bucket, "stack", uuid), { recursive: true }).map(String);
    expect(stored.some((f) => f.startsWith("model.bin"))).toBe(true);
    const health = await client(stack.baseUrl)("GET", "/api/v1/health");
    expect(health.body).toMatchObject({ status: "ok", storage: "ok" });
    expect(stack.logs()).toContain(`checkpoint storage: s3://${s3.bucket}/stack at ${s3.endpoint}`);
  });

  it("streams the .tar.gz through the app, as Determined's SDK downloads it (Python's tarfile reads it)", async () => {
    const res = await fetch(`${stack.baseUrl}/checkpoints/${uuid}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const archive = path.join(scratch, "dl.tar.gz");
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
    const out = fs.mkdtempSync(path.join(scratch, "py-"));
    const py = spawnSync("python3", ["-c", "import sys,tarfile\nwith tarfile.open(sys.argv[1], 'r|gz') as t: t.extractall(sys.argv[2])", archive, out], { encoding: "utf8" });
    expect(py.status, py.stderr).toBe(0);
    sameFiles(out);
  });

  it("the SDK is told the deny-all stand-in, not the bucket, so it falls back to the app (decision 094)", async () => {
    const { body } = await client(stack.baseUrl, token)("GET", `/api/v1/checkpoints/${uuid}`);
    const storage = body.checkpoint.training.experimentConfig.checkpoint_storage;
    expect(storage).toMatchObject({ type: "s3", endpoint_url: `${stack.baseUrl}/s3` });
    expect(JSON.stringify(body)).not.toContain(s3.endpoint);
    // What boto3 does first with that store: AccessDenied, which the SDK answers by using GET /checkpoints/{uuid}.
    const direct = await fetch(`${storage.endpoint_url}/${storage.bucket}/${uuid}/model.bin`);
    expect(direct.status).toBe(403);
    expect(await direct.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("hands out presigned URLs per file, with size and SHA-256", async () => {
    const r = await client(stack.baseUrl, token)("GET", `/api/v1/checkpoints/${uuid}/files?presign=1&expiresIn=60`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ uuid, storage: "s3", files: [
      { path: "cfg/config.json", size: files["cfg/config.json"].length, sha256: sha256(files["cfg/config.json"]) },
      { path: "model.bin", size: weights.length, sha256: sha256(weights) },
    ] });
    expect(Date.parse(r.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const got = await fetch(r.body.files[0].url);
    expect(Buffer.from(await got.arrayBuffer()).toString()).toBe('{"lr": 0.1}');
    const bad = await client(stack.baseUrl, token)("GET", `/api/v1/checkpoints/${uuid}/files?presign=1&expiresIn=100000`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("expiresIn is at most 3600 seconds");
  });

  it("mreg checkpoint download fetches straight from storage and verifies every file", async () => {
    const out = path.join(scratch, "direct");
    expect((await mreg(["login", "admin"])).code).toBe(0);
    const r = await mreg(["checkpoint", "download", uuid, "--output", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ uuid, files: 2, verified: true, via: "storage" });
    sameFiles(out);
    expect(fs.readdirSync(scratch).filter((f) => f.includes(".partial-"))).toEqual([]);
  });

  it("refuses to start with credentials the storage does not know, in one line naming the AWS variables", async () => {
    const err = await stack.addInstance({ AWS_ACCESS_KEY_ID: "NOT-A-KEY" }).catch((e: Error) => e.message);
    expect(err).toMatch(/server exited/);
    const line = String(err).split("\n").find((l) => l.includes("refused this server's credentials"));
    expect(line).toMatch(/Object storage s3:\/\/mreg-test\/stack refused this server's credentials \(InvalidAccessKeyId\): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(and AWS_SESSION_TOKEN\), or AWS_PROFILE, for an identity/);
  });
});
