import type { Metadata } from "next";
import { findUsablePortalLink } from "@/lib/clients/portal/set-portal-password";
import { SetPasswordForm } from "@/components/portal/set-password-form";
import { Message } from "@/components/ui/message";

// The token is in the URL: never send it on to another site in a Referer header.
export const metadata: Metadata = { title: "Set your password · Client Portal", referrer: "no-referrer" };

export default async function SetPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ business: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { business: slug } = await params;
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  const link = await findUsablePortalLink(slug, token);
  return (
    <section className="mx-auto max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Set your password</h1>
      {link ? (
        <>
          <p className="mt-1 text-sm text-slate-600 break-words">
            Hello, {link.client.firstName}. Choose a password for the Client Portal.
          </p>
          <SetPasswordForm slug={slug} token={token} />
        </>
      ) : (
        <Message tone="error" boxed className="mt-3">
          This link has expired or was already used. Ask the studio for a new one.
        </Message>
      )}
    </section>
  );
}
