// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (production deploys, or a database you manage).
import { migrate } from "../lib/db/migrate";
import { assertReachable } from "./lib/database";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm run dev migrates its embedded database by itself.)");
  process.exit(1);
}
try {
  await assertReachable(url);
  const applied = await migrate(url);
  console.log(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.",
  );
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
