// What the production server (scripts/serve.mjs, plain JavaScript outside the Next
// bundle) and the app's own modules share about the process's life: whether it is
// shutting down, and what to close before it exits. Kept on globalThis under a
// registered symbol, the one place both sides can reach.
type Lifecycle = {
  draining: boolean;
  hooks: (() => Promise<unknown> | unknown)[];
  /** The most requests answered at once lately, checkpoint transfers left out (set by scripts/serve.mjs). */
  requestsInFlight?: () => number;
};
const KEY = Symbol.for("model-registry.lifecycle");
const g = globalThis as unknown as Record<symbol, Lifecycle | undefined>;
const lifecycle = (): Lifecycle => (g[KEY] ??= { draining: false, hooks: [] });

/** True once the server has been asked to stop: the health check answers 503 from then on. */
export const isDraining = () => lifecycle().draining;

/** Runs `fn` when the server stops gracefully, after the requests in flight have finished. */
export function onShutdown(fn: () => Promise<unknown> | unknown): void {
  lifecycle().hooks.push(fn);
}

/**
 * The most requests the server answered at once over the last quarter second, long
 * checkpoint transfers left out: how busy it is with its users (0 where no production
 * server runs, as in tests).
 */
export const requestsInFlight = () => lifecycle().requestsInFlight?.() ?? 0;
