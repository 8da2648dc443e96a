import { notFound, redirect } from "next/navigation";
import { resolveBusinessContext, type BusinessContext, type Role } from "./business-context";
import { NotAuthenticatedError } from "../errors";
import { redirectToSignIn } from "./redirect-to-sign-in";
import { currentUser } from "./session";

/**
 * The business context for an admin page. Next renders a page alongside its layout, so a page cannot rely on the
 * layout's redirect: signed out goes to /login (and back here after signing in), a support user without an
 * impersonation to /support, anyone else without a business (or without the role) gets "not found", never a server
 * error.
 */
export async function requirePageContext(roles?: readonly Role[]): Promise<BusinessContext> {
  let ctx: BusinessContext | null;
  try {
    ctx = await resolveBusinessContext();
  } catch (error) {
    if (error instanceof NotAuthenticatedError) await redirectToSignIn();
    throw error;
  }
  if (!ctx) {
    if ((await currentUser())?.isSupport) redirect("/support");
    notFound();
  }
  if (roles && !roles.includes(ctx.role)) notFound();
  return ctx;
}
