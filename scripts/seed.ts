// `npm run db:seed`: the demo data (idempotent) into DATABASE_URL. Development data only.
import { assertReachable } from "./lib/database";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm run dev seeds its embedded database by itself.)");
  process.exit(1);
}
await assertReachable(url).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const { db, disconnectDb } = await import("../lib/db");
const { seedDemo } = await import("../prisma/seed/demo");
const { created } = await seedDemo(db);
console.log(created ? "Seeded demo data." : "Demo data already present.");
await disconnectDb();
