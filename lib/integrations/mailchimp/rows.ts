// Members of a batch subscribe call: one contact as Mailchimp takes it, its name and city as merge fields (FNAME,
// LNAME and our CITY), the client type as our CTYPE merge field and the groups as interests of our hidden "Client
// groups" category (groups, not tags: Mailchimp's segment builder offers "Client groups is one of …" directly, and a
// member's interests are set by id in the same call, where tags would need a call per member to remove one).
import { z } from "zod";
import type { MergedContact } from "../../clients/merge-family-contacts";
import type { RowOrReason, RowWriter, SegmentKey, SegmentPlan, SegmentValues } from "../provider";

const EMAIL = z.regexes.email;

/** Mailchimp's limits: a text merge field holds 255 characters; an email address at most 254. */
export const MC_LIMITS = { text: 255, email: 254 } as const;

export const CITY_TAG = "CITY";
export const CLIENT_TYPE_TAG = "CTYPE";

/** What the audience holds of ours: the client type's merge field, and the groups' interest ids by name. */
export type AudienceFields = { clientType: boolean; groupInterests: Map<string, string> | null };

const cut = (value: string, limit: number) => (value.length <= limit ? value : value.slice(0, limit).trimEnd());

export function memberWriter(send: Record<SegmentKey, boolean>, fields: AudienceFields): RowWriter {
  const plan: SegmentPlan = {
    send,
    available: { clientType: fields.clientType, groups: fields.groupInterests !== null },
    // Groups are interests one by one: no joined text is stored, so no length applies.
    maxValueLength: { clientType: MC_LIMITS.text, groups: Number.POSITIVE_INFINITY },
  };
  return {
    plan,
    write(
      contact: MergedContact,
      segment: SegmentValues | null,
      context?: { unsubscribedThere: boolean },
    ): RowOrReason {
      if (contact.email.length > MC_LIMITS.email)
        return {
          ok: false,
          reason: `Email is ${contact.email.length} characters; Mailchimp accepts at most ${MC_LIMITS.email}.`,
        };
      if (!EMAIL.test(contact.email)) return { ok: false, reason: "Email address is not valid for Mailchimp." };
      // Someone who unsubscribed in Mailchimp and consented here since is asked to confirm by Mailchimp ("pending"):
      // nobody is subscribed again by the sync.
      const status = context?.unsubscribedThere ? "pending" : "subscribed";
      const merge: Record<string, string> = {
        FNAME: cut(contact.firstName.trim(), MC_LIMITS.text),
        LNAME: cut(contact.lastName.trim(), MC_LIMITS.text),
        [CITY_TAG]: cut((contact.city ?? "").trim(), MC_LIMITS.text),
      };
      const member: Record<string, unknown> = {
        email_address: contact.email,
        status,
        status_if_new: status,
        merge_fields: merge,
      };
      if (segment?.cells.clientType !== undefined && fields.clientType)
        merge[CLIENT_TYPE_TAG] = segment.cells.clientType;
      if (segment?.cells.groups !== undefined && fields.groupInterests) {
        const names = new Set(segment.groupNames ?? []);
        member.interests = Object.fromEntries([...fields.groupInterests].map(([name, id]) => [id, names.has(name)]));
      }
      return { ok: true, json: JSON.stringify(member) };
    },
  };
}
