/** How much one archive may hold; the server's defaults are MREG_MAX_ARCHIVE_BYTES and MREG_MAX_ARCHIVE_FILES. */
export type ArchiveLimits = {
  /** Most uncompressed bytes of file content (and of the inflated tar stream, plus headers). */
  maxBytes: number;
  /** Most entries (files and folders). */
  maxEntries: number;
};
