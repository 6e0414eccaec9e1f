// Files of several checkpoints side by side. Pure. A file is the same when its path, its
// size and (when both sides carry one) its SHA-256 digest match; without digests a
// same-size rewrite cannot be seen, and the reply says which way each file was compared.

export type FileEntry = { path: string; size: number; sha256?: string | null };
export type FileStatus = "same" | "changed" | "added" | "removed" | "absent";
export type FileRow = {
  path: string;
  /** One per checkpoint, in the order given; null where the checkpoint has no such file. */
  cells: ({ size: number; sha256: string | null; status: FileStatus } | { size: null; sha256: null; status: FileStatus })[];
  differs: boolean;
  /** "sha256" when every present copy carried a digest, else "size". */
  comparedBy: "sha256" | "size";
};

/**
 * One row per path any checkpoint has, sorted by path; each cell marked against the
 * first checkpoint (the baseline).
 */
export function diffFiles(lists: FileEntry[][]): FileRow[] {
  const maps = lists.map((l) => new Map(l.map((f) => [f.path, f])));
  const paths = [...new Set(lists.flatMap((l) => l.map((f) => f.path)))].sort();
  return paths.map((path) => {
    const base = maps[0]?.get(path);
    const present = maps.map((m) => m.get(path)).filter((f): f is FileEntry => !!f);
    const comparedBy = present.length > 0 && present.every((f) => !!f.sha256) ? "sha256" : "size";
    const cells = maps.map((m, i) => {
      const f = m.get(path);
      if (!f) return { size: null, sha256: null, status: (i > 0 && base ? "removed" : "absent") as FileStatus };
      const status: FileStatus = i === 0 ? "same" : !base ? "added" : sameFile(base, f) ? "same" : "changed";
      return { size: f.size, sha256: f.sha256 ?? null, status };
    });
    const differs = cells.some((c) => c.status !== "same");
    return { path, cells, differs, comparedBy };
  });
}

function sameFile(a: FileEntry, b: FileEntry): boolean {
  if (a.size !== b.size) return false;
  if (a.sha256 && b.sha256) return a.sha256.toLowerCase() === b.sha256.toLowerCase();
  return true;
}

/**
 * A checkpoint's files from what the registry stores: `resources` (path -> size, or
 * path -> { size, sha256 }) and, when present, a `files` list of { path, size, sha256 }
 * (digests recorded at upload), which wins for the digests.
 */
export function checkpointFileEntries(cp: { resources: Record<string, unknown>; files?: unknown }): FileEntry[] {
  const digests = new Map<string, string>();
  if (Array.isArray(cp.files)) {
    for (const f of cp.files as Array<Record<string, unknown>>) {
      if (f && typeof f.path === "string" && typeof f.sha256 === "string") digests.set(f.path, f.sha256);
    }
  }
  return Object.entries(cp.resources ?? {}).map(([path, v]) => {
    const obj = v && typeof v === "object" ? (v as Record<string, unknown>) : null;
    const size = Number(obj ? obj.size : v);
    const sha = digests.get(path) ?? (obj && typeof obj.sha256 === "string" ? obj.sha256 : null);
    return { path, size: Number.isFinite(size) ? size : 0, sha256: sha };
  });
}
