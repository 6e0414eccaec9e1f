// What storage holds for a checkpoint, on whichever backend the run uses (the local
// folder, or S3 in the domain-s3 project): tests read, damage and inspect stored files
// through here instead of through a folder path.
import fs from "node:fs";
import path from "node:path";
import { DeleteObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { currentStorage } from "../../lib/registry";
import { LocalFolderStorage } from "../../lib/registry/storage/local-folder-storage";
import { S3Storage } from "../../lib/registry/storage/s3-storage";

export const backend = () => currentStorage().kind;

function s3(): S3Storage {
  return currentStorage() as S3Storage;
}

const prefixOf = (uuid: string) => `${s3().settings.prefix ? `${s3().settings.prefix}/` : ""}${uuid}`;

/** The bytes of one stored file. */
export async function readStored(uuid: string, file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await currentStorage().openFile(uuid, file)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Replaces (or adds) one stored file behind the registry's back: damage, or a restore. */
export async function writeStored(uuid: string, file: string, content: Buffer | string): Promise<void> {
  const s = currentStorage();
  if (s instanceof LocalFolderStorage) return void fs.writeFileSync(path.join(s.checkpointDir(uuid), file), content);
  await s3().client.send(new PutObjectCommand({ Bucket: s3().settings.bucket, Key: `${prefixOf(uuid)}/${file}`, Body: content }));
}

/** Removes one stored file behind the registry's back. */
export async function removeStored(uuid: string, file: string): Promise<void> {
  const s = currentStorage();
  if (s instanceof LocalFolderStorage) return void fs.rmSync(path.join(s.checkpointDir(uuid), file));
  await s3().client.send(new DeleteObjectCommand({ Bucket: s3().settings.bucket, Key: `${prefixOf(uuid)}/${file}` }));
}

/** Removes every stored file of a checkpoint behind the registry's back (its folder, or its objects and marker). */
export async function removeAllStored(uuid: string): Promise<void> {
  const s = currentStorage();
  if (s instanceof LocalFolderStorage) return void fs.rmSync(s.checkpointDir(uuid), { recursive: true });
  for (const f of await s.listFiles(uuid)) await removeStored(uuid, f.path);
  await s3().client.send(new DeleteObjectCommand({ Bucket: s3().settings.bucket, Key: `${prefixOf(uuid)}.manifest.json` }));
}

/**
 * Everything storage holds for a checkpoint that a reader could see or that costs space:
 * the folder and temporary upload folders (local); the marker, objects and multipart
 * uploads (S3). Empty when nothing at all is stored.
 */
export async function storedTraces(uuid: string): Promise<string[]> {
  const s = currentStorage();
  if (s instanceof LocalFolderStorage) {
    const tmp = path.join(s.root, ".tmp");
    const leftovers = fs.existsSync(tmp) ? fs.readdirSync(tmp, { recursive: true }).map(String).filter((f) => f.includes(uuid)) : [];
    return [...(fs.existsSync(s.checkpointDir(uuid)) ? [s.checkpointDir(uuid)] : []), ...leftovers.map((f) => `.tmp/${f}`)];
  }
  const { bucket } = s3().settings;
  const objects = await s3().client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefixOf(uuid) }));
  const uploads = await s3().client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefixOf(uuid) }));
  return [...(objects.Contents ?? []).map((o) => o.Key!), ...(uploads.Uploads ?? []).map((u) => `upload ${u.Key} ${u.UploadId}`)];
}
