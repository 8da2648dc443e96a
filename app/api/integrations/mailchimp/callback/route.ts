import type { NextRequest } from "next/server";
import { answerOAuthCallback } from "@/lib/integrations/oauth-callback";
import { completeConnect } from "@/lib/integrations/mailchimp/connection";

/** Where Mailchimp sends the owner back after logging in and allowing (or not). */
export function GET(request: NextRequest) {
  return answerOAuthCallback(request, "MAILCHIMP", (ctx, params) => completeConnect(ctx, params));
}
