// Turns an outbox row into the message: subject, HTML and plain text (react-email renders both from one template),
// and the headers the kind needs. Runs at send time, so links use the current APP_URL and the secret is decrypted
// only here.
import { render } from "@react-email/components";
import { z } from "zod";
import { ALERT_KINDS, ALERT_LABELS, alertTexts } from "../alerts/alert-kinds";
import { PROVIDER_WORDS, PROVIDERS } from "../provider-words";
import { signUnsubscribeToken } from "../alerts/unsubscribe-token";
import { env } from "../env";
import type { MailKind } from "../generated/prisma/client";
import { AlertEmail } from "./templates/alert-email";
import { PortalInvitationEmail } from "./templates/portal-invitation-email";

export type RenderedMail = { subject: string; html: string; text: string; headers: Record<string, string> };

export const PortalInvitationPayload = z.object({
  businessName: z.string(),
  firstName: z.string(),
  slug: z.string(),
  expiresAt: z.iso.datetime(),
  timeZone: z.string(),
});
export const AlertPayload = z.object({
  businessName: z.string(),
  // Alerts written before Mailchimp existed were all about Constant Contact.
  provider: z.enum(PROVIDERS).default("CONSTANT_CONTACT"),
  alert: z.enum(ALERT_KINDS),
  userId: z.uuid(),
  details: z
    .object({
      reason: z.string(),
      resumeAt: z.string(),
      error: z.string(),
      count: z.number(),
      reasons: z.array(z.string()),
      hours: z.number(),
    })
    .partial()
    .default({}),
});

type Row = { kind: MailKind; businessId: string; payload: unknown };

export async function renderMail(row: Row, secret: string | null): Promise<RenderedMail> {
  const appUrl = env().APP_URL;
  if (row.kind === "PORTAL_INVITATION") {
    const p = PortalInvitationPayload.parse(row.payload);
    if (!secret) throw new Error("A portal invitation needs its link secret.");
    const link = new URL(
      `/portal/${encodeURIComponent(p.slug)}/set-password?token=${encodeURIComponent(secret)}`,
      appUrl,
    ).toString();
    const expiresOn = new Intl.DateTimeFormat("en-US", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: p.timeZone,
    }).format(new Date(p.expiresAt));
    const element = PortalInvitationEmail({ businessName: p.businessName, firstName: p.firstName, link, expiresOn });
    return { subject: `Your invitation to the ${p.businessName} Client Portal`, ...(await both(element)), headers: {} };
  }

  const p = AlertPayload.parse(row.payload);
  const texts = alertTexts(p.alert, p.provider);
  const words = PROVIDER_WORDS[p.provider];
  const unsubscribeUrl = new URL(
    `/alerts/unsubscribe?token=${signUnsubscribeToken({ userId: p.userId, businessId: row.businessId, kind: p.alert })}`,
    appUrl,
  ).toString();
  const oneClickUrl = new URL(
    `/api/alerts/unsubscribe?token=${signUnsubscribeToken({ userId: p.userId, businessId: row.businessId, kind: p.alert })}`,
    appUrl,
  ).toString();
  const opened = row.kind === "ALERT_OPENED";
  const element = AlertEmail({
    businessName: p.businessName,
    title: opened ? texts.subject(p.businessName) : texts.resolvedSubject(p.businessName),
    paragraphs: opened
      ? [
          { label: "What happened:", text: texts.happened(p.details) },
          { label: "What it means for your clients:", text: texts.meaning },
          { label: "What to do:", text: texts.todo },
        ]
      : [{ text: texts.resolved }],
    link: {
      label: opened ? texts.linkLabel : `Open the ${words.name} page`,
      url: new URL(opened ? texts.linkPath : words.path, appUrl).toString(),
    },
    kindLabel: ALERT_LABELS[p.alert],
    unsubscribeUrl,
    settingsUrl: new URL("/settings/notifications", appUrl).toString(),
  });
  return {
    subject: opened ? texts.subject(p.businessName) : texts.resolvedSubject(p.businessName),
    ...(await both(element)),
    // RFC 8058 one-click: mail apps POST "List-Unsubscribe=One-Click" to the URL, no login, no page.
    headers: { "List-Unsubscribe": `<${oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

async function both(element: React.ReactElement): Promise<{ html: string; text: string }> {
  return { html: await render(element), text: await render(element, { plainText: true }) };
}
