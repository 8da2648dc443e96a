import { handleMailchimpWebhook } from "@/lib/sync/webhooks";

export const dynamic = "force-dynamic";

// Mailchimp's list webhook. It checks the address with a GET when the webhook is created (any 2xx will do; nothing
// is revealed), then POSTs each event form-encoded. No session: the secret in the URL is what is checked.
export function GET() {
  return new Response(null, { status: 200 });
}

const MAX_BODY = 64 * 1024;

export async function POST(request: Request) {
  const body = await request.text();
  if (body.length > MAX_BODY) return new Response(null, { status: 413 });
  const answer = await handleMailchimpWebhook(new URL(request.url).searchParams, body);
  return new Response(null, { status: answer.status });
}
