import crypto from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { rawTar, rawTarGz, trailingZeroBomb, zeroBomb, type RawEntry } from "../support/raw-tar";
import { adminLogin, as, baseUrl, call, expectError, uniq } from "./client";

let token: string;
let api: ReturnType<typeof as>;
beforeAll(async () => {
  token = await adminLogin();
  api = as(token);
});

/** A reported, not yet uploaded checkpoint. */
async function activeCheckpoint(): Promise<string> {
  const uuid = crypto.randomUUID();
  const r = await api.post("/api/v1/checkpoints", { uuid, metadata: { steps_completed: 5 }, training: { experimentName: uniq("exp") } });
  expect(r.status).toBe(200);
  return uuid;
}

const put = (uuid: string, body: Buffer, t: string | null = token) =>
  call("PUT", `/checkpoints/${uuid}`, { raw: body as unknown as string, token: t, headers: { "Content-Type": "application/gzip" } });

async function stateOf(uuid: string) {
  const { checkpoint } = (await api.get(`/api/v1/checkpoints/${uuid}`)).json;
  return { state: checkpoint.state, resources: checkpoint.resources };
}

describe("PUT and GET /checkpoints/{uuid}", () => {
  it("stores an uploaded .tar.gz and streams back the same files", async () => {
    const uuid = await activeCheckpoint();
    const weights = crypto.randomBytes(2 * 1024 * 1024 + 7);
    const r = await put(uuid, rawTarGz([{ name: "model.pt", body: weights }, { name: "cfg/config.yaml", body: "lr: 0.1\n" }]));
    expect(r.status).toBe(200);
    expect(r.json.checkpoint).toMatchObject({ uuid, state: "STATE_COMPLETED", resources: { "model.pt": String(weights.length), "cfg/config.yaml": "8" } });
    expect(await stateOf(uuid)).toEqual({ state: "STATE_COMPLETED", resources: { "cfg/config.yaml": "8", "model.pt": String(weights.length) } });
    // Every file's SHA-256, computed as the archive streamed in, and the manifest digest over them (decision 070).
    const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
    const expectedFiles = [
      { path: "cfg/config.yaml", size: "8", sha256: sha("lr: 0.1\n") },
      { path: "model.pt", size: String(weights.length), sha256: sha(weights) },
    ];
    const manifest = `sha256:${sha(expectedFiles.map((f) => `${f.sha256} ${f.size} ${JSON.stringify(f.path)}\n`).join(""))}`;
    const { checkpoint } = (await api.get(`/api/v1/checkpoints/${uuid}`)).json;
    expect(checkpoint).toMatchObject({ files: expectedFiles, manifestDigest: manifest, corrupt: false, corruptFiles: [], verifiedTime: expect.any(String) });
    expect(r.json.checkpoint.manifestDigest).toBe(manifest);

    const res = await fetch(`${baseUrl}/checkpoints/${uuid}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${uuid}.tar.gz"`);
    expect(res.headers.get("x-checkpoint-manifest-digest")).toBe(manifest);
    const tar = zlib.gunzipSync(Buffer.from(await res.arrayBuffer()));
    // The web UI's Download link carries the session cookie instead of a bearer token.
    const viaCookie = await fetch(`${baseUrl}/checkpoints/${uuid}`, { headers: { cookie: `mreg_session=${token}` } });
    expect(viaCookie.status).toBe(200);
    expect(zlib.gunzipSync(Buffer.from(await viaCookie.arrayBuffer())).equals(tar)).toBe(true);
    expectError(await call("GET", `/checkpoints/${uuid}`, { headers: { cookie: "mreg_session=forged" } }), 401, 16, "Unauthenticated");
    const files = readTar(tar);
    expect(Object.keys(files).sort()).toEqual(["cfg/config.yaml", "model.pt"]);
    expect(files["model.pt"].equals(weights)).toBe(true);
    expect(files["cfg/config.yaml"].toString()).toBe("lr: 0.1\n");
  });

  it("needs a token both ways, and answers 404 / 409 in the contract's error shape", async () => {
    const uuid = await activeCheckpoint();
    const body = rawTarGz([{ name: "a.txt", body: "a" }]);
    expectError(await put(uuid, body, null), 401, 16, "Unauthenticated");
    expectError(await call("GET", `/checkpoints/${uuid}`), 401, 16, "Unauthenticated");
    expectError(await call("GET", `/checkpoints/${uuid}`, { token }), 404, 5, "NotFound");
    expectError(await put(crypto.randomUUID(), body), 404, 5, "NotFound");
    expect((await put(uuid, body)).status).toBe(200);
    const again = await put(uuid, body);
    expectError(again, 409, 6, "AlreadyExists");
    expect(again.json.error.error).toMatch(/already completed \(manifest sha256:[0-9a-f]{64}\); a completed checkpoint is immutable and its files cannot be replaced/);
    // A different archive is refused the same way, and the stored files stay the first upload's.
    const other = await put(uuid, rawTarGz([{ name: "a.txt", body: "changed" }]));
    expectError(other, 409, 6, "AlreadyExists");
    const res = await fetch(`${baseUrl}/checkpoints/${uuid}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(readTar(zlib.gunzipSync(Buffer.from(await res.arrayBuffer())))["a.txt"].toString()).toBe("a");
  });

  const refusals: Array<[string, () => Buffer, number, string, RegExp]> = [
    ["a ../ entry", () => rawTarGz([{ name: "../../etc/cron.d/evil", body: "x" }]), 400, "InvalidArgument", /escapes the checkpoint folder/],
    ["an absolute path", () => rawTarGz([{ name: "/tmp/evil", body: "x" }]), 400, "InvalidArgument", /absolute path/],
    ["a symlink pointing outside", () => rawTarGz([{ name: "l", type: "symlink", linkname: "../../.." }, { name: "l/x", body: "x" }] as RawEntry[]), 400, "InvalidArgument", /symbolic link/],
    ["a hardlink", () => rawTarGz([{ name: "h", type: "hardlink", linkname: "/etc/passwd" }]), 400, "InvalidArgument", /hard link/],
    ["corrupt gzip", () => Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), crypto.randomBytes(4000)]), 400, "InvalidArgument", /corrupt|not a valid tar/],
    ["a plain tar", () => rawTar([{ name: "a", body: "b" }]), 400, "InvalidArgument", /not gzip-compressed/],
    ["a truncated upload", () => rawTarGz([{ name: "m", body: crypto.randomBytes(100_000) }]).subarray(0, 30_000), 400, "InvalidArgument", /ended early/],
    ["a gzip bomb", () => zeroBomb(100 * 1024 * 1024), 413, "ResourceExhausted", /more than \d+ bytes/],
    ["a bomb after the end of the tar", () => trailingZeroBomb(100 * 1024 * 1024), 413, "ResourceExhausted", /inflates to more than/],
    ["too many files", () => rawTarGz(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}`, body: "x" }))), 413, "ResourceExhausted", /more than 1000 entries/],
  ];
  for (const [what, make, status, reason, message] of refusals) {
    it(`refuses ${what} with ${status} and stores nothing`, async () => {
      const body = make(); // before any request: a long pause would outlive the kept-alive connection
      const uuid = await activeCheckpoint();
      const r = await put(uuid, body);
      expect(r.status).toBe(status);
      expect(r.json.error).toMatchObject({ reason, error: expect.stringMatching(message) });
      expect(await stateOf(uuid)).toEqual({ state: "STATE_ACTIVE", resources: {} });
      // Nothing was left under the uuid: a good archive is accepted afterwards.
      expect((await put(uuid, rawTarGz([{ name: "ok.txt", body: "ok" }]))).status).toBe(200);
    });
  }

  it("an upload whose connection drops part-way leaves the checkpoint as it was", async () => {
    const uuid = await activeCheckpoint();
    const archive = rawTarGz([{ name: "m.bin", body: crypto.randomBytes(3 * 1024 * 1024) }]);
    await new Promise<void>((resolve) => {
      const req = http.request(`${baseUrl}/checkpoints/${uuid}`, { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
      req.on("error", () => resolve());
      req.on("response", () => resolve());
      req.write(archive.subarray(0, 1024 * 1024), () => setTimeout(() => req.destroy(), 200));
    });
    expect(await stateOf(uuid)).toEqual({ state: "STATE_ACTIVE", resources: {} });
    const retry = await put(uuid, archive);
    expect(retry.status).toBe(200);
  });
});

/** A minimal ustar reader for the test: path -> content. */
function readTar(buf: Buffer): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= buf.length) {
    const h = buf.subarray(pos, pos + 512);
    if (h.every((b) => b === 0)) break;
    const field = (o: number, l: number) => h.subarray(o, o + l).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = buf.subarray(pos + 512, pos + 512 + size);
    longName = undefined;
    if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (m) longName = m[1];
    } else if (type === "0") out[name.replace(/^\.\//, "")] = Buffer.from(body);
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
