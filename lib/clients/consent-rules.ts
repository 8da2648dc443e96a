import { z } from "zod";
import type { ConsentChangeSource, ConsentMethod } from "../generated/prisma/enums";
import { todayIn } from "../zoned-day";

// The vendor's consent rules for "Subscribe to news and updates", free of the database so that the staff form
// offers exactly what the server accepts (change-consent.ts enforces them).

/** Staff may not claim consent the client gave in the portal; the portal records its own. */
export const STAFF_CONSENT_METHODS = [
  "IN_PERSON",
  "IN_WRITING",
  "AT_SIGN_UP",
] as const satisfies readonly ConsentMethod[];
export type StaffConsentMethod = (typeof STAFF_CONSENT_METHODS)[number];

const METHOD_REQUIRED = "Choose how the client gave consent.";
const EARLIEST_CONSENT = new Date("1900-01-01T00:00:00Z");

/** What staff submit from Notification settings. The date is a calendar day ("2026-11-20") or empty for today. */
export const StaffConsentInput = z.discriminatedUnion("optIn", [
  z.object({ clientId: z.uuid(), optIn: z.literal(false) }),
  z.object({
    clientId: z.uuid(),
    optIn: z.literal(true),
    method: z.enum(STAFF_CONSENT_METHODS, { error: METHOD_REQUIRED }),
    consentGivenOn: z.iso.date("Enter the date consent was given.").or(z.literal("")).default(""),
  }),
]);
export type StaffConsentInput = z.input<typeof StaffConsentInput>;

/**
 * When staff say consent was given: that calendar day (stored as its UTC midnight, the date the profile shows), or
 * now for "today"; or why that cannot be. "The future" is after today on the business's own calendar (what the
 * date input offers as its maximum), not after some UTC instant: at 05:00 UTC it is still yesterday in Los Angeles
 * and already today in Sydney. Calendar days in YYYY-MM-DD compare as strings.
 */
export function consentGivenAtOf(
  day: string,
  now: Date,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; message: string } {
  if (!day) return { ok: true, at: now };
  if (day > todayIn(timeZone, now)) return { ok: false, message: "Consent cannot be given in the future." };
  const at = new Date(`${day}T00:00:00Z`);
  if (at < EARLIEST_CONSENT) return { ok: false, message: "Enter the date consent was given." };
  return { ok: true, at };
}

/**
 * What is wrong with a change of the opt-in, whoever makes it, or null. An opt-in needs consent (how it was given);
 * an opt-out is always allowed; Constant Contact can only unsubscribe a client, never subscribe one.
 */
export function consentChangeProblem(change: {
  optIn: boolean;
  source: ConsentChangeSource;
  method?: ConsentMethod | null;
}): { field: "method" | null; message: string } | null {
  if (change.optIn && !change.method) return { field: "method", message: METHOD_REQUIRED };
  if (change.optIn && change.source === "CONSTANT_CONTACT")
    return { field: null, message: "Constant Contact can only unsubscribe a client." };
  return null;
}
