import pg from "pg";
import { CITIES_BY_COUNTRY, FIRST_NAMES, LAST_NAMES, seededRandom } from "../../prisma/seed/random";

/**
 * Inserts `count` clients into one business with multi-row INSERTs over unnest() arrays: one round trip per
 * 5,000 rows, so 100,000 clients take seconds, not the minutes row-by-row inserts would.
 */
export async function insertManyClients(
  databaseUrl: string,
  input: {
    businessId: string;
    count: number;
    optInRate?: number;
    emailDomain?: string;
    countryCode?: string;
    seed?: number;
  },
): Promise<number> {
  const random = seededRandom(input.seed ?? 42);
  const cities = CITIES_BY_COUNTRY[input.countryCode ?? "US"] ?? CITIES_BY_COUNTRY.US!;
  const domain = input.emailDomain ?? "large-clients.test";
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let inserted = 0;
  try {
    const batch = 5_000;
    for (let start = 0; start < input.count; start += batch) {
      const size = Math.min(batch, input.count - start);
      const first: string[] = [],
        last: string[] = [],
        email: string[] = [],
        city: string[] = [],
        optIn: boolean[] = [];
      for (let i = 0; i < size; i++) {
        const n = start + i + 1;
        const f = random.pick(FIRST_NAMES);
        const l = random.pick(LAST_NAMES);
        first.push(f);
        last.push(l);
        email.push(`client${n}@${domain}`);
        city.push(random.pick(cities));
        optIn.push(random.chance(input.optInRate ?? 0.8));
      }
      const result = await client.query(
        `INSERT INTO "Client" ("businessId", "firstName", "lastName", "email", "emailNormalized", "city", "newsOptIn",
                               "consentAt", "consentMethod", "updatedAt")
         SELECT $1::uuid, f, l, e, e, c, o, CASE WHEN o THEN now() END, CASE WHEN o THEN 'AT_SIGN_UP'::"ConsentMethod" END, now()
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[]) AS t(f, l, e, c, o)`,
        [input.businessId, first, last, email, city, optIn],
      );
      inserted += result.rowCount ?? 0;
    }
  } finally {
    await client.end();
  }
  return inserted;
}
