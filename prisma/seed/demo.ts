import type { Db } from "../../lib/db";
import type { ConsentMethod } from "../../lib/generated/prisma/client";
import { normalizeEmail } from "../../lib/clients/normalize-email";
import { addMember, upsertBusiness, upsertUser } from "./factories";
import { CITIES_BY_COUNTRY, FIRST_NAMES, LAST_NAMES, seededRandom } from "./random";

/** The demo data of `npm run dev`: idempotent (safe on every start) and deterministic. Development data only. */
export const DEMO_PASSWORD = "demo-password";

export const DEMO_BUSINESSES = [
  {
    name: "Sunrise Yoga",
    slug: "sunrise-yoga",
    countryCode: "US",
    timeZone: "America/Los_Angeles",
    owner: "owner@sunrise.test",
    emailDomain: "sunrise-clients.test",
  },
  {
    name: "Maple Pilates",
    slug: "maple-pilates",
    countryCode: "CA",
    timeZone: "America/Toronto",
    owner: "owner@maple.test",
    emailDomain: "maple-clients.test",
  },
  {
    name: "Bondi Fitness",
    slug: "bondi-fitness",
    countryCode: "AU",
    timeZone: "Australia/Sydney",
    owner: "owner@bondi.test",
    emailDomain: "bondi-clients.test",
  },
  {
    name: "Thames Barre",
    slug: "thames-barre",
    countryCode: "GB",
    timeZone: "Europe/London",
    owner: "owner@thames.test",
    emailDomain: "thames-clients.test",
  },
] as const;

export const DEMO_LOGINS = [
  ...DEMO_BUSINESSES.map((b) => ({ email: b.owner, role: `Owner of ${b.name}` })),
  { email: "staff@sunrise.test", role: "Staff at Sunrise Yoga" },
  { email: "support@platform.test", role: "Platform support" },
];

const CLIENTS_PER_BUSINESS = 200;
const CLIENT_TYPES = ["Member", "Drop-in", "Intro offer", "Class pack"];
const CLIENT_GROUPS = ["Morning regulars", "Teacher training", "Corporate", "Seniors"];
const CONSENT_METHODS: ConsentMethod[] = ["IN_PERSON", "IN_WRITING", "AT_SIGN_UP"];

export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  let created = false;
  const support = await upsertUser(db, {
    email: "support@platform.test",
    name: "Sam Support",
    password: DEMO_PASSWORD,
    support: true,
  });
  void support;
  for (const [index, spec] of DEMO_BUSINESSES.entries()) {
    const business = await upsertBusiness(db, {
      name: spec.name,
      slug: spec.slug,
      countryCode: spec.countryCode,
      timeZone: spec.timeZone,
    });
    const ownerName = `${spec.name.split(" ")[0]} Owner`;
    const owner = await upsertUser(db, { email: spec.owner, name: ownerName, password: DEMO_PASSWORD });
    await addMember(db, owner.id, business.id, "OWNER");
    if (spec.slug === "sunrise-yoga") {
      const staff = await upsertUser(db, { email: "staff@sunrise.test", name: "Riley Staff", password: DEMO_PASSWORD });
      await addMember(db, staff.id, business.id, "STAFF");
    }
    if ((await db.client.count({ where: { businessId: business.id } })) > 0) continue;
    created = true;
    await seedClients(db, business.id, spec.countryCode, spec.emailDomain, index + 1);
  }
  return { created };
}

async function seedClients(db: Db, businessId: string, countryCode: string, emailDomain: string, seed: number) {
  const random = seededRandom(seed);
  await db.clientType.createMany({ data: CLIENT_TYPES.map((name) => ({ businessId, name })), skipDuplicates: true });
  await db.clientGroup.createMany({ data: CLIENT_GROUPS.map((name) => ({ businessId, name })), skipDuplicates: true });
  const types = await db.clientType.findMany({ where: { businessId } });
  const groups = await db.clientGroup.findMany({ where: { businessId } });
  const cities = CITIES_BY_COUNTRY[countryCode] ?? CITIES_BY_COUNTRY.US!;
  const now = Date.now();

  const rows = Array.from({ length: CLIENTS_PER_BUSINESS }, (_, i) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const local = `${firstName}.${lastName}.${i + 1}`
      .normalize("NFD")
      .replace(/[^A-Za-z0-9.]/g, "")
      .toLowerCase();
    const email = random.chance(0.05) ? null : `${local}@${emailDomain}`;
    const optedIn = email !== null && random.chance(0.6);
    const consentAt = optedIn ? new Date(now - Math.floor(random.next() * 365) * 86_400_000) : null;
    return {
      businessId,
      firstName,
      lastName,
      email,
      emailNormalized: normalizeEmail(email),
      city: random.chance(0.9) ? random.pick(cities) : null,
      clientTypeId: random.pick(types).id,
      newsOptIn: optedIn,
      consentAt,
      consentMethod: optedIn ? random.pick(CONSENT_METHODS) : null,
    };
  });
  const clients = await db.client.createManyAndReturn({
    data: rows,
    select: { id: true, newsOptIn: true, consentAt: true, consentMethod: true },
  });
  await db.clientGroupMember.createMany({
    data: clients.flatMap((c) => (random.chance(0.4) ? [{ clientId: c.id, groupId: random.pick(groups).id }] : [])),
    skipDuplicates: true,
  });
  await db.consentEvent.createMany({
    data: clients
      .filter((c) => c.newsOptIn)
      .map((c) => ({
        businessId,
        clientId: c.id,
        fromOptIn: false,
        toOptIn: true,
        source: "IMPORT" as const,
        consentMethod: c.consentMethod,
        consentGivenAt: c.consentAt,
      })),
  });
}
