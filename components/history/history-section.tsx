import { listModelHistory, listVersionHistory } from "@/lib/registry";
import { HistoryList } from "./history-list";

const LIMIT = 50;

function Section({ children }: { children: React.ReactNode }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-lg font-semibold">History</h2>
      {children}
    </section>
  );
}

/** The model page's History: its own changes and its versions', newest first. */
export async function ModelHistory({ modelId }: { modelId: number }) {
  const { events, total } = await listModelHistory(modelId, { limit: LIMIT });
  return <Section><HistoryList events={events} total={total} /></Section>;
}

export async function VersionHistory({ modelId, version }: { modelId: number; version: number }) {
  const { events, total } = await listVersionHistory(modelId, version, { limit: LIMIT });
  return <Section><HistoryList events={events} total={total} /></Section>;
}
