import { z } from "zod";
import { unsubscribeFromAlert } from "@/lib/alerts/unsubscribe-from-alert";

export const dynamic = "force-dynamic";

// The one-click unsubscribe of alert emails (RFC 8058): mail apps POST "List-Unsubscribe=One-Click" here, with no
// login and no cookies; the confirmation page (app/alerts/unsubscribe) posts the same form. The signed token in the
// URL says who and which alert kind. GET changes nothing (link scanners fetch links), it shows the page instead.
const Query = z.object({ token: z.string().min(1).max(500) });

export async function POST(request: Request) {
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const result = query.success ? await unsubscribeFromAlert(query.data.token) : ({ ok: false } as const);
  const form = await request.formData().catch(() => null);
  if (form?.get("from") === "page") {
    const back = new URL("/alerts/unsubscribe", request.url);
    back.searchParams.set(result.ok ? "done" : "invalid", "1");
    if (query.success) back.searchParams.set("token", query.data.token);
    return Response.redirect(back, 303);
  }
  if (!result.ok)
    return new Response("This unsubscribe link is not valid.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return new Response(`Unsubscribed from “${result.kindLabel}” alerts for ${result.businessName}.`, {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

export async function GET(request: Request) {
  const page = new URL("/alerts/unsubscribe", request.url);
  page.search = new URL(request.url).search;
  return Response.redirect(page, 303);
}
