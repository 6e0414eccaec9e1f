import "server-only";

/**
 * Group commit for writes that serialise on one row (docs/decisions/016).
 *
 * Per key, at most one commit is in flight in this process. An item submitted while
 * none is runs at once, alone (no added latency without concurrency); items that
 * arrive meanwhile wait and the next commit takes them together, up to `maxBatch`.
 * The database lock the commit takes still orders writers across processes: the
 * batching only decides how many items share one transaction, never whether they
 * are correct.
 *
 * `commit` settles each item: one it refuses (a failed check) is rejected alone and
 * the others go on. What it writes must be all-or-nothing: if it throws for a batch
 * of several, nothing was written and its items are committed again one at a time,
 * so an item that breaks the shared transaction gets its own error and the others
 * still succeed; unless `retryAlone(err)` says the failure leaves the outcome unknown
 * (a connection lost during COMMIT may have committed), when a retry could write
 * twice. `finish` (reading the results back) runs after the commit, off the queue,
 * and is never retried: its items are already committed.
 */
export type Outcome<C> = { ok: true; value: C } | { ok: false; error: unknown };

export type GroupCommitOptions<K, I, C, O> = {
  maxBatch: number;
  commit: (key: K, items: I[]) => Promise<Outcome<C>[]>;
  finish: (key: K, committed: C[]) => Promise<O[]>;
  retryAlone: (err: unknown) => boolean;
};

type Waiter<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };

export function createGroupCommit<K, I, C, O>(opts: GroupCommitOptions<K, I, C, O>): (key: K, item: I) => Promise<O> {
  if (!(opts.maxBatch >= 1)) throw new Error("maxBatch must be at least 1");
  const queues = new Map<K, Waiter<I, O>[]>();

  const settle = (key: K, waiters: Waiter<I, O>[], outcomes: Outcome<C>[]) => {
    const done: Waiter<I, O>[] = [];
    const committed: C[] = [];
    waiters.forEach((w, i) => {
      const o = outcomes[i];
      if (o.ok) {
        done.push(w);
        committed.push(o.value);
      } else w.reject(o.error);
    });
    if (!done.length) return;
    opts.finish(key, committed).then(
      (out) => done.forEach((w, i) => w.resolve(out[i])),
      (err) => done.forEach((w) => w.reject(err)),
    );
  };

  const commitOne = async (key: K, w: Waiter<I, O>) => {
    try {
      settle(key, [w], await opts.commit(key, [w.item]));
    } catch (err) {
      w.reject(err);
    }
  };

  const drain = async (key: K, queue: Waiter<I, O>[]) => {
    while (queue.length) {
      const batch = queue.splice(0, opts.maxBatch);
      let outcomes: Outcome<C>[];
      try {
        outcomes = await opts.commit(key, batch.map((w) => w.item));
      } catch (err) {
        if (batch.length === 1 || !opts.retryAlone(err)) batch.forEach((w) => w.reject(err));
        // Nothing of the batch was written: each item alone gets its own outcome.
        else for (const w of batch) await commitOne(key, w);
        continue;
      }
      settle(key, batch, outcomes);
    }
    queues.delete(key);
  };

  return (key, item) =>
    new Promise<O>((resolve, reject) => {
      const waiting = queues.get(key);
      if (waiting) {
        waiting.push({ item, resolve, reject });
        return;
      }
      const queue: Waiter<I, O>[] = [{ item, resolve, reject }];
      queues.set(key, queue);
      void drain(key, queue);
    });
}
