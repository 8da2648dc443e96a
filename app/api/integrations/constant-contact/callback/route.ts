import type { NextRequest } from "next/server";
import { answerOAuthCallback } from "@/lib/integrations/oauth-callback";
import { completeConnect } from "@/lib/integrations/constant-contact/connection";

/** Where Constant Contact sends the owner back after Log In and Allow (or Deny). */
export function GET(request: NextRequest) {
  return answerOAuthCallback(request, "CONSTANT_CONTACT", (ctx, params) => completeConnect(ctx, params));
}
