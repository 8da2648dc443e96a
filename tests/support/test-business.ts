// A uniquely named business, and the context its people act in, without next-auth.
import { trustedBusinessScope, type BusinessContext, type Role } from "@/lib/auth/business-context";
import { db } from "@/lib/db";
import { createTestBusiness } from "@/prisma/seed/factories";

export function contextFor(
  business: { id: string; name: string; slug: string; countryCode: string },
  user: { id: string; email: string; name: string },
  role: Role,
): BusinessContext {
  return {
    user: { id: user.id, email: user.email, name: user.name, isSupport: false },
    ...trustedBusinessScope(business.id),
    businessName: business.name,
    businessSlug: business.slug,
    countryCode: business.countryCode,
    role,
    actor: { userId: user.id, label: `${user.name} <${user.email}>` },
  };
}

export async function testBusiness(countryCode = "US") {
  const made = await createTestBusiness(db, { countryCode });
  return {
    ...made,
    ownerCtx: contextFor(made.business, made.owner, "OWNER"),
    staffCtx: contextFor(made.business, made.staff, "STAFF"),
  };
}
