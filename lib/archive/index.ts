// Safe .tar.gz transfer shared by the server (checkpoint storage) and the mreg CLI.
// Pure Node: no database, no "server-only", so the CLI bundle can include it.
export { ArchiveError, safeEntryPath, type ArchiveLimits } from "./archive-error";
export { extractArchive, type ExtractResult } from "./extract-archive";
export { listArchiveFiles, packArchive } from "./pack-archive";
