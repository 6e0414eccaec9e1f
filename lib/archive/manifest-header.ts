/**
 * The response header of a checkpoint download that carries its manifest digest,
 * "sha256:<hex>" (docs/decisions/070-checkpoint-digests-and-manifest.md). Our own
 * header rather than RFC 9530's Content-Digest/Repr-Digest: those describe the bytes of
 * the response (the .tar.gz), while this names the files inside it, whatever the gzip
 * framing of the archive that carries them.
 */
export const MANIFEST_DIGEST_HEADER = "X-Checkpoint-Manifest-Digest";
