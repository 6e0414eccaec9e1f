// Prisma CLI configuration. The CLI normally downloads a native schema engine,
// which this project's machines cannot reach; scripts/prisma-engine/ provides the
// same engine compiled to WebAssembly behind the binary's stdio protocol
// (docs/decisions/002-offline-prisma-schema-engine.md). A machine with internet
// access may unset PRISMA_SCHEMA_ENGINE_BINARY... it is only set when absent.
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(
  import.meta.dirname,
  "scripts/prisma-engine/schema-engine",
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/placeholder",
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
