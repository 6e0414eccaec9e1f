// The group-commit queue on its own (no database): when it commits, what it gathers,
// and what it does when a batch fails.
import { describe, expect, it } from "vitest";
import { createGroupCommit, type Outcome } from "../../lib/registry/group-commit";

const tick = () => new Promise((r) => setTimeout(r, 5));

function harness(opts: { maxBatch: number; failWhen?: (items: number[]) => boolean; retryAlone?: boolean }) {
  const batches: number[][] = [];
  const submit = createGroupCommit<string, number, number, string>({
    maxBatch: opts.maxBatch,
    commit: async (_key, items): Promise<Outcome<number>[]> => {
      batches.push(items);
      await tick();
      if (opts.failWhen?.(items)) throw new Error(`batch ${items.join(",")} failed`);
      return items.map((i) => (i < 0 ? { ok: false, error: new Error(`refused ${i}`) } : { ok: true, value: i * 10 }));
    },
    finish: async (key, committed) => committed.map((c) => `${key}:${c}`),
    retryAlone: () => opts.retryAlone ?? true,
  });
  return { batches, submit };
}

const settle = (p: Promise<string>) => p.then((v) => v, (e: Error) => `error: ${e.message}`);

describe("createGroupCommit", () => {
  it("commits a lone item at once, then gathers what arrived meanwhile, at most maxBatch per commit", async () => {
    const { batches, submit } = harness({ maxBatch: 4 });
    const first = submit("m", 1);
    expect(batches).toEqual([[1]]); // started synchronously: no added latency without concurrency
    const rest = [2, 3, 4, 5, 6, 7].map((i) => submit("m", i));
    const other = submit("n", 8); // another key does not wait for this one
    expect(batches).toEqual([[1], [8]]);
    expect(await Promise.all([first, ...rest, other])).toEqual(["m:10", "m:20", "m:30", "m:40", "m:50", "m:60", "m:70", "n:80"]);
    expect(batches).toEqual([[1], [8], [2, 3, 4, 5], [6, 7]]);
  });

  it("rejects a refused item alone and resolves the rest of its batch", async () => {
    const { batches, submit } = harness({ maxBatch: 8 });
    const got = await Promise.all([1, 2, -3, 4].map((i) => settle(submit("m", i))));
    expect(got).toEqual(["m:10", "m:20", "error: refused -3", "m:40"]);
    expect(batches).toEqual([[1], [2, -3, 4]]);
  });

  it("when a batch throws, commits its items again one at a time so only the culprit fails", async () => {
    const { batches, submit } = harness({ maxBatch: 8, failWhen: (items) => items.includes(13) });
    const got = await Promise.all([1, 2, 13, 4].map((i) => settle(submit("m", i))));
    expect(got).toEqual(["m:10", "m:20", "error: batch 13 failed", "m:40"]);
    expect(batches).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
  });

  it("does not retry a failed batch whose outcome is unknown (retryAlone false): every item gets the error", async () => {
    const { batches, submit } = harness({ maxBatch: 8, failWhen: (items) => items.length > 1, retryAlone: false });
    const got = await Promise.all([1, 2, 3].map((i) => settle(submit("m", i))));
    expect(got).toEqual(["m:10", "error: batch 2,3 failed", "error: batch 2,3 failed"]);
    expect(batches).toEqual([[1], [2, 3]]);
  });
});
