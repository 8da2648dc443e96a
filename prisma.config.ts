import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate; migrate where the engine is available). The app connects through
// @prisma/adapter-pg in lib/db.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
