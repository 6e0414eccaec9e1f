import "server-only";
import type { Readable } from "node:stream";
import type { ArchiveLimits, FileDigest } from "../../archive";

/**
 * What a fill says it wrote: every file (relative path -> size), which the stored
 * files must then match exactly, and, when it hashed them as they streamed in, each
 * file's SHA-256 (hex).
 */
export type FilesWritten = { sizes: Record<string, number>; digests?: Record<string, string> };

/** Fills a local folder with a checkpoint's files; may return what it wrote. */
export type Fill = (dir: string) => Promise<void | FilesWritten>;

/**
 * Where the files of a checkpoint being written come from: a .tar.gz stream, unpacked
 * (and every file hashed) as it arrives, or a fill that writes plain files into a
 * local folder (the demo seed, tests, tools).
 */
export type CheckpointSource =
  | { kind: "archive"; archive: Readable; limits: ArchiveLimits }
  | { kind: "fill"; fill: Fill };

/** The stored files of a checkpoint: path -> size, and path -> SHA-256 (hex). */
export type StoredFiles = { resources: Record<string, number>; digests: Record<string, string> };

/** One stored file: its relative POSIX path and size in bytes. */
export type StoredFile = { path: string; size: number };

/** A byte range of a file, both ends inclusive (as in an HTTP Range header). */
export type ByteRange = { start: number; end: number };

/**
 * Checkpoint storage (docs/decisions/090-storage-interface.md). Every read and write
 * of checkpoint files goes through one of these; the domain never touches a folder
 * or a bucket itself. Implementations: the local folder (the zero-setup default,
 * local-folder-storage.ts) and S3-compatible object storage (s3-storage.ts).
 * Files are addressed by checkpoint uuid and relative "/" path.
 */
export interface CheckpointStorage {
  /** "local" or "s3". */
  readonly kind: "local" | "s3";
  /** Where the files are, for logs and messages: a folder path or `s3://bucket/prefix`. */
  readonly location: string;

  /**
   * Writes all of a checkpoint's files from `source`, visible all or nothing: readers
   * see no file of it until every file is stored (and durable), and on any failure
   * nothing is kept. Returns what was stored, with each file's SHA-256 computed in the
   * same pass as the bytes went to storage. ALREADY_EXISTS if the uuid already has files.
   */
  writeCheckpoint(uuid: string, source: CheckpointSource): Promise<StoredFiles>;

  /** Whether the checkpoint has files in storage. */
  exists(uuid: string): Promise<boolean>;

  /** Every stored file of the checkpoint with its size, sorted by path; empty when it has none. */
  listFiles(uuid: string): Promise<StoredFile[]>;

  /** A stream of one stored file, or of a byte range of it. NOT_FOUND when it is not stored. */
  openFile(uuid: string, path: string, range?: ByteRange): Promise<Readable>;

  /**
   * A .tar.gz stream of the checkpoint's stored files, produced as it is read (what
   * `GET /checkpoints/{uuid}` serves). NOT_FOUND when it has no files.
   */
  openArchive(uuid: string): Promise<Readable>;

  /**
   * Re-reads every stored file of the checkpoint and returns its size and SHA-256, in
   * manifest order (storage verify, the digest backfill). `onBytes` sees the progress.
   */
  hashFiles(uuid: string, onBytes?: (n: number) => void): Promise<FileDigest[]>;

  /**
   * Removes every stored file of the checkpoint; nothing to remove is not an error.
   * Callers remove files only after the database no longer references them.
   */
  deleteCheckpoint(uuid: string): Promise<void>;

  /**
   * A short-lived URL from which a client can GET one file (ranges allowed) straight
   * from storage, valid for `expiresInSeconds`; null when this storage cannot give one
   * (the local folder): then the file is served through the app.
   */
  presignGet(uuid: string, path: string, expiresInSeconds: number): Promise<string | null>;

  /** For the health check: storage takes a small write and removes it again; throws a one-line reason otherwise. */
  probe(): Promise<void>;

  /**
   * Removes what stopped instances or interrupted uploads left behind, right now
   * (at start-up); returns how many leftovers it removed. Never touches the work of a
   * live instance or the files of a checkpoint the database references.
   */
  sweepLeftovers(): Promise<number>;

  /** Starts this instance's periodic sweep of leftovers (idempotent); `log` gets a line per sweep that removed something. */
  startHousekeeping(log: (line: string) => void): void;

  /** At a clean shutdown: stops the housekeeping and releases what this instance holds (its upload folder). */
  release(): Promise<void>;
}
