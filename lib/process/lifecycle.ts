// What the production server (scripts/serve.mjs, plain JavaScript outside the Next
// bundle) and the app's own modules share about the process's life: whether it is
// shutting down, and what to close before it exits. Kept on globalThis under a
// registered symbol, the one place both sides can reach.
type Lifecycle = { draining: boolean; hooks: (() => Promise<unknown> | unknown)[] };
const KEY = Symbol.for("model-registry.lifecycle");
const g = globalThis as unknown as Record<symbol, Lifecycle | undefined>;
const lifecycle = (): Lifecycle => (g[KEY] ??= { draining: false, hooks: [] });

/** True once the server has been asked to stop: the health check answers 503 from then on. */
export const isDraining = () => lifecycle().draining;

/** Runs `fn` when the server stops gracefully, after the requests in flight have finished. */
export function onShutdown(fn: () => Promise<unknown> | unknown): void {
  lifecycle().hooks.push(fn);
}
