import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../lib/db/generated/prisma/client";
const url = process.argv[2];
process.env.DATABASE_URL = url;
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: "event", level: "query" }] });
(globalThis as any).__registryPrisma = client;
const qs: any[] = [];
(client as any).$on("query", (e: any) => qs.push(e));
const reg = await import("../../lib/registry");
async function t(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await f();
  qs.length = 0;
  const t0 = performance.now(); const N = 20;
  for (let i = 0; i < N; i++) await f();
  console.log(name, ((performance.now() - t0) / N).toFixed(2), "ms");
  for (const q of qs.slice(0, qs.length / N)) console.log("   ", q.duration, "ms", q.query.slice(0, 600), q.params.slice(0, 200));
}
await t("list id", () => reg.listModels({ limit: 50 }));
await t("list name desc deep", () => reg.listModels({ limit: 50, sortBy: "name", orderBy: "desc", offset: 50000 }));
await t("list workspace", () => reg.listModels({ limit: 50, sortBy: "workspace" }));
await t("list mnist", () => reg.listModels({ limit: 50, name: "mnist" }));
await t("versions big", () => reg.listVersions("llm-pretrain-nightly", { limit: 50 }));
await client.$disconnect();
