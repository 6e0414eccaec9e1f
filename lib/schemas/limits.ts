// Size limits. Each can be set from the environment; the README lists them.
const int = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};

export const limits = {
  nameLength: 255,
  descriptionLength: int("MREG_MAX_DESCRIPTION_CHARS", 10_000),
  notesLength: int("MREG_MAX_NOTES_CHARS", 1_000_000),
  metadataBytes: int("MREG_MAX_METADATA_BYTES", 256 * 1024),
  metadataDepth: int("MREG_MAX_METADATA_DEPTH", 64),
  labelLength: 255,
  labelCount: 100,
  bodyBytes: int("MREG_MAX_BODY_BYTES", 4 * 1024 * 1024),
  archiveBytes: int("MREG_MAX_ARCHIVE_BYTES", 20 * 1024 * 1024 * 1024),
  archiveFiles: int("MREG_MAX_ARCHIVE_FILES", 100_000),
  pageSizeMax: 1000,
} as const;
