// Storage usage figures (docs/decisions/095-storage-usage.md) on the full data set:
// the registry's total over 50,000 checkpoints (split by whether any of 1,000,000
// versions references them) and the 100,000-version model's figure (each of its
// checkpoints counted once).
import { BIG_MODEL } from "../seed";
import { okGet, timeIt, type Client } from "../http";
import { ms, type Result } from "../report";

export async function measureStorageUsage(opts: { client: Client; n: number; log: (l: string) => void }): Promise<Result[]> {
  const rows = [
    {
      name: "GET /api/v1/storage/usage (all 50,000 checkpoints: stored, referenced, unreferenced)", path: "/api/v1/storage/usage",
      check: (b: Buffer) => {
        const j = JSON.parse(b.toString());
        if (j.stored.checkpoints < 50_000) throw new Error(`only ${j.stored.checkpoints} stored checkpoints counted`);
        return `${j.stored.checkpoints} checkpoints, ${(j.stored.bytes / 1e9).toFixed(1)} GB, ${j.unreferenced.checkpoints} unreferenced`;
      },
    },
    {
      name: "GET /api/v1/models/{big}/storage (100,000 versions, each checkpoint once)",
      path: `/api/v1/models/${encodeURIComponent(BIG_MODEL)}/storage`,
      check: (b: Buffer) => {
        const j = JSON.parse(b.toString());
        return `${j.usage.checkpoints} checkpoints, ${(j.usage.bytes / 1e9).toFixed(1)} GB`;
      },
    },
  ];
  const results: Result[] = [];
  for (const r of rows) {
    const note = r.check(await okGet(opts.client, r.path)());
    const s = await timeIt(okGet(opts.client, r.path), Math.min(opts.n, 50), 5);
    const measured = `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${note})`;
    opts.log(`storage usage | ${r.name}: ${measured}`);
    // No target in the issue: reported (docs/decisions/095-storage-usage.md has the reasoning and numbers).
    results.push({ group: "storage usage", name: r.name, target: "reported", measured, pass: null, data: { ...s } });
  }
  return results;
}
