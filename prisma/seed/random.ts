/** A small seeded PRNG (mulberry32) so demo data is the same on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(p: number): boolean {
      return next() < p;
    },
  };
}

export const FIRST_NAMES = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "James",
  "Isabella",
  "Lucas",
  "Mia",
  "Mateo",
  "Amelia",
  "Benjamin",
  "Harper",
  "Henry",
  "Evelyn",
  "Theodore",
  "Aria",
  "Jack",
  "Chloé",
  "Zoë",
  "Siobhan",
  "Aiyana",
  "Priya",
  "Wei",
  "Hiroshi",
  "Fatima",
  "Mohammed",
  "Ngozi",
  "Santiago",
  "Camila",
  "Lars",
  "Ingrid",
  "Mei",
  "Rohan",
  "Anaïs",
] as const;

export const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Wilson",
  "Anderson",
  "Taylor",
  "Thomas",
  "Moore",
  "Martin",
  "Lee",
  "Thompson",
  "White",
  "Harris",
  "Clark",
  "O'Brien",
  "Nguyen",
  "Patel",
  "Kim",
  "Tremblay",
  "Gagnon",
  "Roy",
  "Côté",
  "MacDonald",
  "Singh",
  "Chen",
  "Okafor",
  "Haddad",
] as const;

export const CITIES_BY_COUNTRY: Record<string, readonly string[]> = {
  US: ["Austin", "Portland", "Denver", "Brooklyn", "Santa Monica", "Boulder", "Seattle", "Asheville"],
  CA: ["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Halifax", "Victoria", "Québec"],
  AU: ["Sydney", "Bondi Beach", "Melbourne", "Brisbane", "Perth", "Manly", "Newcastle", "Byron Bay"],
  GB: ["London", "Richmond", "Kingston upon Thames", "Putney", "Wimbledon", "Oxford", "Reading", "Guildford"],
};
