// Runs once when a server process starts (next start, scripts/serve.mjs, next dev).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInstanceServices } = await import("./lib/registry/instance");
  startInstanceServices((line) => console.log(`[registry] ${line}`));
}
