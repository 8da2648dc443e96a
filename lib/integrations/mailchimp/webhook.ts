import "server-only";
// Mailchimp's list webhook, as it calls us: a POST of form fields (`type`, `fired_at`, `data[...]`) to the URL we
// registered, which carries the connection and a secret (Mailchimp signs nothing). The payload is only a hint: the
// member it names is read back from Mailchimp before anything changes here, so a forged or replayed call can change
// nothing that is not true in Mailchimp.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { sha256 } from "../../crypto";
import type { PulledChange } from "../provider";
import type { McClient } from "./api-client";

export const WebhookQuery = z.object({ c: z.uuid(), secret: z.string().min(16).max(200) });

const EventSchema = z.object({
  type: z.enum(["subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign"]),
  fired_at: z.string().max(40).optional(),
  "data[list_id]": z.string().max(100).optional(),
  "data[email]": z.string().max(320).optional(),
  "data[old_email]": z.string().max(320).optional(),
  "data[new_email]": z.string().max(320).optional(),
  "data[reason]": z.string().max(40).optional(),
  "data[action]": z.string().max(40).optional(),
});
export type WebhookEvent = z.infer<typeof EventSchema>;

/** The form body as an event, or null when it is not one (a 400: Mailchimp never sends such a body). */
export function parseWebhookBody(body: string): WebhookEvent | null {
  const fields = Object.fromEntries(new URLSearchParams(body));
  const parsed = EventSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** Whether the secret in the URL is the one whose hash the connection keeps (compared in constant time). */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(sha256(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** What an event means once its member has been read back from Mailchimp (the source of truth). */
export type WebhookMeaning =
  | { kind: "changes"; changes: PulledChange[] }
  | { kind: "receiving"; email: string }
  | { kind: "email-changed"; from: string; to: string }
  | { kind: "nothing" };

export async function readWebhookMeaning(mc: McClient, listId: string, event: WebhookEvent): Promise<WebhookMeaning> {
  if (event["data[list_id]"] && event["data[list_id]"] !== listId) return { kind: "nothing" };
  if (event.type === "upemail" && event["data[old_email]"] && event["data[new_email]"])
    return { kind: "email-changed", from: event["data[old_email]"], to: event["data[new_email]"] };
  const email = event["data[email]"];
  if (!email || (event.type !== "unsubscribe" && event.type !== "cleaned" && event.type !== "subscribe"))
    return { kind: "nothing" };
  const member = await mc.getMember(listId, email);
  const at = member?.last_changed ? new Date(member.last_changed) : new Date();
  // A member deleted (archived) in Mailchimp no longer receives: as good as unsubscribed for our list.
  if (!member || member.status === "archived" || member.status === "unsubscribed")
    return event.type === "subscribe"
      ? { kind: "nothing" }
      : { kind: "changes", changes: [{ email, at, kind: "unsubscribed" }] };
  if (member.status === "cleaned")
    return {
      kind: "changes",
      changes: [
        {
          email,
          at,
          kind: "cleaned",
          bounce: {
            kind: event["data[reason]"] === "abuse" ? "BLOCKED" : "NON_EXISTENT",
            code: `cleaned${event["data[reason]"] ? `: ${event["data[reason]"]}` : ""}`,
          },
        },
      ],
    };
  if (member.status === "subscribed") return { kind: "receiving", email };
  return { kind: "nothing" };
}
