import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream";
import type { Command } from "commander";
import { extractArchive, listArchiveFiles, packArchive } from "../../../lib/archive";
import { context } from "../context";
import { CliError } from "../errors";
import type { TWireCheckpoint, TWireVersion } from "../api";
import type { ApiClient } from "../client";
import { requireVersion, versionPath } from "../version-ref";
import { fields, json1, parseJsonObject, print, printJson, size, table, when, type Cell } from "../output";
import { progressMeter } from "../progress";

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
  return resources.length ? `${head}\n\n${table(["File", "Size"], resources.map(([p, s]) => [p, size(s)]), 80)}` : head;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      // A JSON call first: it refreshes an expired token and names a missing checkpoint clearly.
      await client.json("GET", `api/v1/checkpoints/${encodeURIComponent(uuid)}`);
      const res = await client.stream("GET", `checkpoints/${encodeURIComponent(uuid)}`, { headers: { Accept: "application/gzip" } });
      // Unpack beside the target and rename at the end: an interrupted download leaves no half folder.
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const partial = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.partial-`));
      try {
        const body = pipeline(res, progressMeter("downloading:", progress), () => {});
        const result = await extractArchive(body, partial, DOWNLOAD_LIMITS);
        if (existing) fs.rmdirSync(out);
        fs.renameSync(partial, out);
        if (json) printJson({ uuid, output: out, ...result });
        else print(`Downloaded ${result.files} files (${size(result.bytes)}) to ${out}`);
      } catch (err) {
        fs.rmSync(partial, { recursive: true, force: true });
        throw err;
      }
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
