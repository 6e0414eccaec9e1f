import { ArchiveError } from "./archive-error";

/**
 * A safe relative POSIX path for an archive entry, or "" for the root folder itself.
 * Refuses anything that could land outside the destination: absolute paths, drive
 * letters, `..` segments, backslashes (a separator on Windows) and NUL bytes.
 */
export function safeEntryPath(raw: string): string {
  if (raw.includes("\0")) throw new ArchiveError("INVALID", `Archive entry ${JSON.stringify(raw)} contains a NUL byte.`);
  if (raw.startsWith("/") || /^[a-zA-Z]:/.test(raw)) {
    throw new ArchiveError("INVALID", `Archive entry "${raw}" has an absolute path; entries must be relative to the checkpoint folder.`);
  }
  if (raw.includes("\\")) throw new ArchiveError("INVALID", `Archive entry "${raw}" contains a backslash; use "/" between folders.`);
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new ArchiveError("INVALID", `Archive entry "${raw}" escapes the checkpoint folder ("..").`);
  }
  return parts.join("/");
}
