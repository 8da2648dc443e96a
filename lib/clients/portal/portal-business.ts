import { db } from "../../db";
import { isPostgresText } from "../../text/postgres-text";

/** Longer than any slug we hand out; the portal's URL segment is the user's to edit. */
export const PORTAL_SLUG_MAX = 100;

/**
 * Whether a portal URL's business segment could name a business at all. Anything else (too long, NUL, a lone
 * surrogate) is a portal that does not exist, answered like any unknown slug and never sent to Postgres, which
 * rejects NUL with an error (a 500, not a "not found").
 */
export function isPortalSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= PORTAL_SLUG_MAX && isPostgresText(slug);
}

/** The business whose Client Portal this URL is, or null: the portal shows its name and nothing else of it. */
export async function findPortalBusiness(slug: string): Promise<{ name: string } | null> {
  if (!isPortalSlug(slug)) return null;
  return db.business.findUnique({ where: { slug }, select: { name: true } });
}
