import "server-only";
import { onShutdown } from "../process/lifecycle";
import { currentStorage } from "./storage/current-storage";
import { startDigestBackfill } from "./integrity/backfill-digests";
import { DeliveryWorker } from "../webhooks/delivery-worker";
import { webhookKeyConfigured } from "./webhooks/secret-box";
import { cacheEnabled } from "./users/token-cache";
import { startTokenListener, stopTokenListener } from "./users/token-listener";

/**
 * What each server instance runs beside its requests (called once at start-up from
 * instrumentation.ts): the revocation listener behind the token cache, and the sweep
 * of upload folders left by stopped instances, and the one-off digest backfill of
 * checkpoints stored before digests existed (decision 071). At a graceful shutdown both stop, this
 * instance's upload folder is removed, and the database pool is closed.
 */
export function startInstanceServices(log: (line: string) => void): void {
  if (cacheEnabled()) {
    void startTokenListener().then((up) => {
      if (!up) log("token revocation listener not connected yet; tokens are checked in the database until it is");
    });
  }
  const storage = currentStorage();
  storage.startHousekeeping(log);
  startDigestBackfill(log);
  onShutdown(() => stopTokenListener());
  // Webhook deliveries (issue 13): every instance sends; row claims keep them apart.
  if (webhookKeyConfigured()) {
    const worker = new DeliveryWorker({ log });
    worker.start();
    onShutdown(() => worker.stop());
  } else log("webhooks off: MREG_WEBHOOK_KEY is not set (deliveries wait in the outbox until it is)");
  onShutdown(() => storage.release());
  onShutdown(async () => {
    const { disconnectDb } = await import("../db/client");
    await disconnectDb();
  });
}
