// Safe .tar.gz transfer shared by the server (checkpoint storage) and the mreg CLI.
// Pure Node: no database, no "server-only", so the CLI bundle can include it.
export { ArchiveError, isArchiveError } from "./archive-error";
export type { ArchiveLimits } from "./archive-limits";
export { safeEntryPath } from "./safe-entry-path";
export { extractArchive, type ExtractResult, type FileSink } from "./extract-archive";
export { listArchiveFiles, packArchive } from "./pack-archive";
export {
  byUtf8Path, compareFiles, fileDigestList, hashFile, hashFolder, manifestDigest, manifestText,
  type FileDigest, type FileProblem,
} from "./file-digests";
export { MANIFEST_DIGEST_HEADER } from "./manifest-header";
export { packArchiveFrom, type ArchiveEntrySource } from "./pack-archive-from";
export { fileHasher, hashingPassThrough } from "./hash-worker";
