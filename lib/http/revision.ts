import { RegistryError } from "../registry/errors";

/** `ETag: "<revision>"` on reads, so a client can send it back as If-Match. */
export const etag = (revision: number) => ({ ETag: `"${revision}"` });

/**
 * Optimistic concurrency: the revision a client's edit is based on, from
 * `If-Match: "<revision>"` (weak tags accepted) and/or a `revision` body field.
 * Absent: last write wins, as Determined's own clients expect.
 */
export function expectedRevision(req: Request, bodyRevision?: number): number | undefined {
  const header = req.headers.get("if-match");
  if (header === null || header.trim() === "*") return bodyRevision;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) throw new RegistryError("INVALID", `If-Match must be a revision such as "3", got ${header}.`);
  const fromHeader = Number(match[1]);
  if (bodyRevision !== undefined && bodyRevision !== fromHeader) {
    throw new RegistryError("INVALID", `If-Match (${fromHeader}) and the body's revision (${bodyRevision}) disagree.`);
  }
  return fromHeader;
}
