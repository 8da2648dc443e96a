import type { TestProject } from "vitest/node";
import { migrate } from "../../lib/db/migrate";
import { createThrowawayDatabase } from "../../scripts/lib/database";

/**
 * One throwaway database per test run, migrated with the real migrations. Workers inherit DATABASE_URL.
 * Without a reachable database this fails the run with the reason; it never skips.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL ?? "";
  const database = await createThrowawayDatabase("vitest", serverUrl || undefined);
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  (process.env as Record<string, string>).NODE_ENV = "test";
  project.provide("databaseUrl", database.url);
  // For tests that need a database of their own (empty string: use a new embedded server).
  project.provide("databaseServerUrl", serverUrl);
  return async () => {
    await database.drop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseServerUrl: string;
  }
}
