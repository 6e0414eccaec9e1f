import { notFound } from "next/navigation";
import { RegistryError, getModel, listVersions } from "@/lib/registry";

export const dynamic = "force-dynamic";

export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const ref = decodeURIComponent(name);
  const model = await getModel(ref).catch((e) => {
    if (e instanceof RegistryError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { versions } = await listVersions(model.id, { limit: 50 });
  return (
    <section>
      <h1 className="text-2xl font-semibold">{model.name}</h1>
      <p className="mb-4 text-slate-600">{model.description}</p>
      <h2 className="mb-2 text-lg font-semibold">Versions</h2>
      <table className="w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b text-left text-slate-600">
            <th className="p-2">Version</th>
            <th className="p-2">Name</th>
            <th className="p-2">Comment</th>
            <th className="p-2">Checkpoint</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} className="border-b">
              <td className="p-2">Version {v.version}</td>
              <td className="p-2">{v.name}</td>
              <td className="p-2">{v.comment}</td>
              <td className="p-2">Batch {v.checkpoint.batchNumber}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
