// `npm run seed:large -- --clients 100000 [--business large-studio]`: a big business for trying scale by hand.
// Uses DATABASE_URL, or the embedded database of `npm run dev` (start it first, or set DATABASE_URL).
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "../prisma/seed/demo";
import { addMember, upsertBusiness, upsertUser } from "../prisma/seed/factories";
import { insertManyClients } from "./lib/seed-large";

const { values } = parseArgs({
  options: { clients: { type: "string", default: "100000" }, business: { type: "string", default: "large-studio" } },
});
const count = Number(values.clients);
if (!Number.isInteger(count) || count < 1 || count > 5_000_000) {
  console.error("--clients must be a whole number between 1 and 5,000,000");
  process.exit(1);
}
const databaseUrl =
  process.env.DATABASE_URL ??
  `postgresql://postgres:postgres@127.0.0.1:${process.env.PGLITE_PORT ?? 54329}/postgres?sslmode=disable`;
process.env.DATABASE_URL = databaseUrl;

const { db, disconnectDb } = await import("../lib/db");
const started = Date.now();
const business = await upsertBusiness(db, {
  name: "Large Studio",
  slug: values.business!,
  countryCode: "US",
  timeZone: "America/Chicago",
});
const owner = await upsertUser(db, { email: "owner@large.test", name: "Large Owner", password: DEMO_PASSWORD });
await addMember(db, owner.id, business.id, "OWNER");
await disconnectDb();
const inserted = await insertManyClients(databaseUrl, { businessId: business.id, count });
console.log(
  `Inserted ${inserted} clients into "${business.name}" (${business.slug}) in ${((Date.now() - started) / 1000).toFixed(1)} s. Log in as owner@large.test / ${DEMO_PASSWORD}.`,
);
