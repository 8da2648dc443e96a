import type { Metadata } from "next";
import { describeUnsubscribeToken } from "@/lib/alerts/unsubscribe-from-alert";
import { buttonClass } from "@/components/ui/button";
import { Message } from "@/components/ui/message";

// The token is in the URL: keep it out of Referer headers.
export const metadata: Metadata = { title: "Unsubscribe from alerts", referrer: "no-referrer" };

/** The page behind the unsubscribe link in an alert email: no login; one button that turns that alert kind off. */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const about = token ? await describeUnsubscribeToken(token) : ({ ok: false } as const);
  return (
    <main className="mx-auto max-w-md p-8">
      <section className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Unsubscribe from alerts</h1>
        {!about.ok || params.invalid ? (
          <Message tone="error" boxed className="mt-3">
            This unsubscribe link is not valid. Change your alerts in your notification settings instead.
          </Message>
        ) : params.done ? (
          <Message tone="success" className="mt-3 break-words">
            You will no longer receive “{about.kindLabel}” alerts for {about.businessName}. You can turn them back on in
            your notification settings.
          </Message>
        ) : (
          <form
            method="post"
            action={`/api/alerts/unsubscribe?token=${encodeURIComponent(token)}`}
            className="mt-3 space-y-4"
          >
            <p className="text-sm text-slate-700 break-words">
              Stop “{about.kindLabel}” alerts for {about.businessName}? Other alerts are not affected.
            </p>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <input type="hidden" name="from" value="page" />
            <button type="submit" className={buttonClass("primary", "w-full")}>
              Unsubscribe
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
