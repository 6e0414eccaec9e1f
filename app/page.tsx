import Link from "next/link";
import { listModels } from "@/lib/registry";

export const dynamic = "force-dynamic";

export default async function ModelRegistryPage() {
  const { models, total } = await listModels({ sortBy: "lastUpdatedTime", orderBy: "desc", limit: 50 });
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Model Registry</h1>
      {total === 0 ? (
        <p className="text-slate-600">No models registered yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            <tr className="border-b text-left text-slate-600">
              <th className="p-2">Name</th>
              <th className="p-2">Description</th>
              <th className="p-2">Versions</th>
              <th className="p-2">Labels</th>
              <th className="p-2">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} className="border-b">
                <td className="p-2"><Link className="text-indigo-700 hover:underline" href={`/models/${encodeURIComponent(m.name)}`}>{m.name}</Link></td>
                <td className="p-2">{m.description}</td>
                <td className="p-2">{m.numVersions}</td>
                <td className="p-2">{m.labels.join(", ")}</td>
                <td className="p-2">{m.lastUpdatedTime.toISOString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
