import "server-only";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RegistryError } from "../errors";
import { LocalFolderStorage } from "./local-folder-storage";
import { keptCheckpoints } from "./kept-checkpoints";
import { parseS3Url, S3Storage } from "./s3-storage";
import type { CheckpointStorage } from "./storage";

/**
 * S3 settings besides the URL: MREG_S3_ENDPOINT (for servers other than AWS),
 * MREG_S3_FORCE_PATH_STYLE=1 (`endpoint/bucket/key` instead of `bucket.endpoint/key`),
 * AWS_REGION, MREG_S3_SWEEP_GRACE_SECONDS. Credentials are never read here: the AWS
 * SDK's standard chain finds them (AWS_ACCESS_KEY_ID..., AWS_PROFILE, instance roles).
 */
function s3Settings() {
  const grace = Number(process.env.MREG_S3_SWEEP_GRACE_SECONDS);
  return {
    endpoint: process.env.MREG_S3_ENDPOINT || undefined,
    forcePathStyle: ["1", "true"].includes(process.env.MREG_S3_FORCE_PATH_STYLE ?? ""),
    region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1",
    sweepGraceSeconds: Number.isFinite(grace) && grace >= 0 ? grace : 3600,
  };
}

/**
 * The storage a URL names: `s3://bucket/prefix` for S3-compatible object storage, a
 * `file:` URL or a plain path for a local folder. Used for the configured storage and
 * by tools that copy between two storages.
 */
export function openStorage(url: string): CheckpointStorage {
  if (/^s3:/i.test(url)) return new S3Storage({ ...parseS3Url(url), ...s3Settings() }, keptCheckpoints);
  if (/^file:/i.test(url)) return new LocalFolderStorage(path.resolve(/*turbopackIgnore: true*/ fileURLToPath(url)));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new RegistryError("INVALID", `MREG_STORAGE_URL=${url}: unknown storage; use s3://bucket/prefix, a file: URL or a folder path.`);
  }
  return new LocalFolderStorage(path.resolve(/*turbopackIgnore: true*/ url));
}

/**
 * The configured storage URL: MREG_STORAGE_URL, else the folder MREG_STORAGE_DIR, else
 * `.data/checkpoints` in the project (the zero-setup default).
 */
export function configuredStorageUrl(): string {
  return process.env.MREG_STORAGE_URL
    || process.env.MREG_STORAGE_DIR
    || path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "checkpoints");
}

const g = globalThis as unknown as { __registryStorage?: { url: string; storage: CheckpointStorage } };

/**
 * This process's checkpoint storage, chosen from configuration (configuredStorageUrl)
 * and kept for as long as the configuration names the same place.
 */
export function currentStorage(): CheckpointStorage {
  const url = [configuredStorageUrl(), process.env.MREG_S3_ENDPOINT, process.env.MREG_S3_FORCE_PATH_STYLE, process.env.AWS_REGION, process.env.MREG_S3_SWEEP_GRACE_SECONDS].join("|");
  if (g.__registryStorage?.url !== url) g.__registryStorage = { url, storage: openStorage(configuredStorageUrl()) };
  return g.__registryStorage.storage;
}

/** The local folder when checkpoints are stored in one (null for object storage): for tools and tests that look at files. */
export function localStorageRoot(): string | null {
  const s = currentStorage();
  return s instanceof LocalFolderStorage ? s.root : null;
}

function localOnly(what: string): LocalFolderStorage {
  const s = currentStorage();
  if (!(s instanceof LocalFolderStorage)) throw new RegistryError("INVALID", `${what} is a local folder; checkpoints are stored in ${s.location}.`);
  return s;
}

/** The local storage folder (MREG_STORAGE_DIR, or .data/checkpoints). Only with local storage. */
export function storageRoot(): string {
  return localOnly("storageRoot()").root;
}

/** The local folder of one checkpoint's files. Only with local storage. */
export function checkpointDir(uuid: string): string {
  return localOnly("checkpointDir()").checkpointDir(uuid);
}

/**
 * Removes what stopped instances or interrupted uploads left in storage (at start-up;
 * each instance's housekeeping does it again now and then); returns how many.
 */
export function cleanupTemporaryFiles(): Promise<number> {
  return currentStorage().sweepLeftovers();
}
