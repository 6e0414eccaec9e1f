import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream";
import type { Command } from "commander";
import {
  compareFiles, extractArchive, hashFolder, listArchiveFiles, manifestDigest, MANIFEST_DIGEST_HEADER, packArchive,
  type FileDigest, type FileProblem,
} from "../../../lib/archive";
import { context } from "../context";
import { CliError } from "../errors";
import type { TWireCheckpoint, TWireVersion } from "../api";
import type { ApiClient } from "../client";
import { requireVersion, versionPath } from "../version-ref";
import { fields, json1, parseJsonObject, print, printJson, size, table, when, type Cell } from "../output";
import { progressCounter, progressMeter } from "../progress";
import { downloadPresigned, type PresignedFile } from "../presigned-download";

type Obj = Record<string, unknown>;
const int = (what: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new CliError(`${what} must be a whole number, not "${v}".`);
  return Number(v);
};
// A download comes from the server the user chose; still, refuse the absurd.
const DOWNLOAD_LIMITS = { maxBytes: 2 ** 40, maxEntries: 10_000_000 };

type UploadOptions = { experiment: string; trial?: number; batches?: number; framework?: string; format?: string; hparams?: string; metrics?: string };

/** The reported checkpoint, in the wire's Checkpoint shape (determined-api.md, "Messages"). */
function checkpointBody(uuid: string, o: UploadOptions): Obj {
  const metadata: Obj = {};
  if (o.batches !== undefined) metadata.steps_completed = o.batches;
  if (o.framework) metadata.framework = o.framework;
  if (o.format) metadata.format = o.format;
  return {
    uuid,
    state: "STATE_ACTIVE",
    metadata,
    resources: {},
    training: {
      trialId: o.trial ?? null,
      experimentName: o.experiment,
      experimentConfig: { name: o.experiment },
      hparams: o.hparams ? parseJsonObject(o.hparams, "--hparams") : {},
      validationMetrics: { avgMetrics: o.metrics ? parseJsonObject(o.metrics, "--metrics") : {} },
    },
  };
}

function describeCheckpoint(cp: TWireCheckpoint): string {
  const t = cp.training;
  const resources = Object.entries(cp.resources);
  const total = resources.reduce((a, [, s]) => a + Number(s), 0);
  const head = fields([
    ["UUID", cp.uuid], ["State", cp.state.replace(/^STATE_/, "")],
    ["Experiment", t.experimentId], ["Trial", t.trialId], ["Batches", cp.metadata.steps_completed as Cell],
    ["Reported", when(cp.reportTime)], ["Metadata", json1(cp.metadata)], ["Hyperparameters", json1(t.hparams)],
    ["Validation", json1(t.validationMetrics.avgMetrics)], ["Files", `${resources.length} (${size(total)})`],
  ]);
  const integrity = fields([
    ["Manifest", cp.manifestDigest ?? "not hashed yet"],
    ["Integrity", cp.corrupt ? `CORRUPT: ${cp.corruptFiles.map((f) => `${f.path} (${f.problem})`).join(", ")}` : cp.verifiedTime ? `verified ${when(cp.verifiedTime)}` : "not verified"],
  ]);
  const files = table(["File", "Size", "SHA-256"], cp.files.map((f) => [f.path, size(f.size), f.sha256 ?? "-"]), 80);
  return resources.length ? `${head}\n${integrity}\n\n${files}` : `${head}\n${integrity}`;
}

/** The files a checkpoint recorded, for comparing; refuses one whose digests are not recorded yet. */
function recordedFiles(cp: TWireCheckpoint): FileDigest[] {
  return cp.files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 ?? "" }));
}

const describeProblems = (problems: FileProblem[]) =>
  table(["File", "Problem"], problems.map((p) => [p.path, p.problem === "changed" ? "changed (SHA-256 or size differs)" : p.problem === "missing" ? "missing" : "extra (not in the checkpoint)"]), 100);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The checkpoint's files with a presigned URL each, when the server keeps them in object
 * storage and offers URLs; null when it does not (local storage, or a server without
 * the files endpoint): then the download is the .tar.gz through the server.
 */
async function presignedFiles(client: ApiClient, uuid: string): Promise<PresignedFile[] | null> {
  try {
    const reply = await client.json<{ files: { path: string; size: number; sha256: string | null; url: string | null }[] }>(
      "GET", `api/v1/checkpoints/${encodeURIComponent(uuid)}/files`, { query: { presign: "1" } });
    const files = reply.files;
    return files.length && files.every((f) => f.url) ? files.map((f) => ({ ...f, url: f.url! })) : null;
  } catch (err) {
    if (err instanceof CliError && err.status === 404) return null;
    throw err;
  }
}

/** A checkpoint uuid, or a version as name@alias / name@7 whose checkpoint is meant. */
async function checkpointUuid(client: ApiClient, text: string): Promise<string> {
  if (UUID.test(text)) return text;
  const ref = await requireVersion(client, text);
  const { modelVersion } = await client.json<{ modelVersion: TWireVersion }>("GET", versionPath(ref));
  return modelVersion.checkpoint.uuid;
}

export function registerCheckpoint(program: Command): void {
  const checkpoint = program.command("checkpoint").description("upload, download and inspect checkpoints");

  checkpoint.command("upload").description("report a checkpoint and upload a folder's files as it; prints the uuid")
    .argument("<dir>")
    .requiredOption("--experiment <name>", "experiment name (created on first use)")
    .option("--trial <n>", "trial id", int("--trial"))
    .option("--batches <n>", "batches trained (steps_completed)", int("--batches"))
    .option("--framework <f>", "framework, e.g. torch-2.4")
    .option("--format <f>", "format, e.g. pytorch")
    .option("--hparams <json>", "hyperparameters as a JSON object")
    .option("--metrics <json>", "validation metrics as a JSON object")
    .action(async (dir: string, o: UploadOptions, cmd: Command) => {
      const { client, json, progress } = context(cmd);
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${dir} is not a folder.`);
      const files = await listArchiveFiles(dir);
      if (!files.length) throw new CliError(`${dir} has no files to upload.`);
      const total = files.reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0);
      const uuid = crypto.randomUUID();
      await client.create("api/v1/checkpoints", checkpointBody(uuid, o));
      // Packed afresh for each attempt: a retry (same Idempotency-Key) sends the same files again.
      const res = await client.idempotently((key) => {
        // pipeline (not pipe) so a file that cannot be read fails the upload instead of stalling it.
        const archive = pipeline(packArchive(dir, files), progressMeter(`uploading ${files.length} files (${size(total)}):`, progress), () => {});
        return client.stream("PUT", `checkpoints/${uuid}`, { body: archive, headers: { "Content-Type": "application/gzip", "Idempotency-Key": key } });
      }).catch((err: Error) => {
        throw new CliError(`Upload of checkpoint ${uuid} failed: ${err.message}`);
      });
      const reply = JSON.parse(Buffer.concat(await res.toArray()).toString("utf8")) as Obj;
      if (json) printJson(reply.checkpoint ?? { uuid });
      else print(uuid);
    });

  checkpoint.command("download").description("download a checkpoint's files into a folder")
    .argument("<uuid>", "a checkpoint uuid, or a model version: name@alias (fraud-detector@production) or name@7")
    .option("--output <dir>", "target folder (default: ./<uuid>); must not exist or be empty")
    .action(async (text: string, o: { output?: string }, cmd: Command) => {
      const { client, json, progress } = context(cmd);
      const uuid = await checkpointUuid(client, text);
      const out = path.resolve(o.output ?? uuid);
      const existing = fs.statSync(out, { throwIfNoEntry: false });
      if (existing && !(existing.isDirectory() && fs.readdirSync(out).length === 0)) {
        throw new CliError(`${out} already exists and is not an empty folder; choose another --output.`);
      }
      // A JSON call first: it refreshes an expired token, names a missing checkpoint
      // clearly, and gives the digests every downloaded file is checked against.
      const { checkpoint: cp } = await client.json<{ checkpoint: TWireCheckpoint }>("GET", `api/v1/checkpoints/${encodeURIComponent(uuid)}`);
      // Straight from object storage when the server offers URLs (S3); else the .tar.gz through it.
      const direct = await presignedFiles(client, uuid);
      const res = direct ? undefined : await client.stream("GET", `checkpoints/${encodeURIComponent(uuid)}`, { headers: { Accept: "application/gzip" } });
      const announced = res?.headers[MANIFEST_DIGEST_HEADER.toLowerCase()];
      // Unpack beside the target and rename at the end, only once every file matched its
      // digest: an interrupted or corrupted download leaves no folder at all.
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const partial = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.partial-`));
      try {
        let result: { files: number; bytes: number; manifest: Record<string, number>; digests: Record<string, string> };
        if (direct) {
          const counter = progressCounter("downloading (direct from storage):", progress, direct.reduce((n, f) => n + f.size, 0));
          const got = await downloadPresigned(direct, partial, {
            onBytes: counter.add,
            refresh: async () => new Map(((await presignedFiles(client, uuid)) ?? []).map((f) => [f.path, f.url])),
          });
          counter.done();
          result = {
            files: got.length, bytes: got.reduce((n, f) => n + f.size, 0),
            manifest: Object.fromEntries(got.map((f) => [f.path, f.size])), digests: Object.fromEntries(got.map((f) => [f.path, f.sha256])),
          };
        } else {
          const body = pipeline(res!, progressMeter("downloading:", progress), () => {});
          result = await extractArchive(body, partial, DOWNLOAD_LIMITS, { digests: true });
        }
        const found = Object.keys(result.manifest).map((p) => ({ path: p, size: result.manifest[p], sha256: result.digests[p] }));
        const digest = manifestDigest(found);
        if (cp.manifestDigest) {
          const problems = compareFiles(recordedFiles(cp), found);
          if (problems.length || digest !== cp.manifestDigest || (announced && announced !== cp.manifestDigest)) {
            throw new CliError(`Checkpoint ${uuid} failed verification: ${problems.length ? `${problems.length} file${problems.length === 1 ? "" : "s"} differ from the registered digests (${problems.slice(0, 5).map((p) => `${p.path}: ${p.problem}`).join("; ")}${problems.length > 5 ? "; ..." : ""})` : `the manifest digest ${digest} is not the registered ${cp.manifestDigest}`}. Nothing was written to ${out}.`);
          }
        } else {
          process.stderr.write(`warning: checkpoint ${uuid} has no recorded digests yet (the server has not hashed its files); the download was not verified.\n`);
        }
        if (existing) fs.rmdirSync(out);
        fs.renameSync(partial, out);
        const verified = Boolean(cp.manifestDigest);
        const via = direct ? "storage" : "server";
        if (json) printJson({ uuid, output: out, files: result.files, bytes: result.bytes, manifest: result.manifest, manifestDigest: digest, verified, via });
        else print(`Downloaded ${result.files} files (${size(result.bytes)}) to ${out}${direct ? " straight from object storage" : ""}${verified ? `; every file matches ${digest}` : ""}`);
      } catch (err) {
        fs.rmSync(partial, { recursive: true, force: true });
        throw err;
      }
    });

  checkpoint.command("verify").description("check a folder's files against a checkpoint's recorded digests (missing, extra, changed files)")
    .argument("<uuid>", "a checkpoint uuid, or a model version: name@alias or name@7")
    .argument("<folder>", "the folder to check, e.g. one `mreg checkpoint download` wrote")
    .action(async (text: string, folder: string, _o: unknown, cmd: Command) => {
      const { client, json, progress } = context(cmd);
      if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${folder} is not a folder.`);
      const uuid = await checkpointUuid(client, text);
      const { checkpoint: cp } = await client.json<{ checkpoint: TWireCheckpoint }>("GET", `api/v1/checkpoints/${encodeURIComponent(uuid)}`);
      if (!cp.manifestDigest) throw new CliError(`Checkpoint ${uuid} has no recorded digests yet (the server has not hashed its files); nothing to verify against.`);
      const meter = progressCounter("hashing:", progress);
      const found = await hashFolder(folder, meter.add);
      meter.done();
      const problems = compareFiles(recordedFiles(cp), found);
      const ok = problems.length === 0 && manifestDigest(found) === cp.manifestDigest;
      if (json) printJson({ uuid, folder: path.resolve(folder), manifestDigest: cp.manifestDigest, ok, problems });
      else if (ok) print(`OK: all ${found.length} files in ${folder} match checkpoint ${uuid} (${cp.manifestDigest})`);
      else print(describeProblems(problems));
      if (!ok) throw new CliError(`${problems.length} of the checkpoint's files ${problems.length === 1 ? "differs" : "differ"} in ${folder} (missing, extra or changed).`);
    });

  checkpoint.command("describe").description("show a checkpoint")
    .argument("<uuid>", "a checkpoint uuid, or a model version: name@alias or name@7")
    .action(async (text: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const uuid = await checkpointUuid(client, text);
      const { checkpoint: cp } = await client.json<{ checkpoint: TWireCheckpoint }>("GET", `api/v1/checkpoints/${encodeURIComponent(uuid)}`);
      if (json) printJson(cp);
      else print(describeCheckpoint(cp));
    });
}
