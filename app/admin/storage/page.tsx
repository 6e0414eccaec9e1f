import type { Metadata } from "next";
import { Providers } from "@/components/providers";
import { StoragePanel } from "@/components/integrity/storage-panel";
import { StorageUsage } from "@/components/integrity/storage-usage";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { latestStorageVerification, storageLocationNow, storageUsage } from "@/lib/registry";

export const metadata: Metadata = { title: "Storage" };
export const dynamic = "force-dynamic";

/** Storage verification: re-hash every stored checkpoint file against its recorded digest (docs/decisions/072). */
export default async function StoragePage() {
  const actor = await requireSignedIn();
  if (!actor.admin) {
    return <p role="alert" className="text-sm">Storage verification is for registry administrators. You are signed in as {actor.username}.</p>;
  }
  const [latest, usage] = await Promise.all([latestStorageVerification({ actor }), storageUsage({ actor })]);
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Storage</h1>
        <p className="text-sm text-slate-700">
          Re-hashes every stored checkpoint file and compares it with the SHA-256 recorded at upload. A checkpoint with a
          changed or missing file is marked corrupt and its download is refused until a later run finds it whole.
          The same check runs from the command line: <code>npm run storage:verify</code>.
        </p>
      </header>
      <StorageUsage usage={usage} location={storageLocationNow()} />
      <Providers>
        <StoragePanel initial={latest} />
      </Providers>
    </article>
  );
}
