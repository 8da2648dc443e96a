// The parts of Constant Contact V3 payloads we rely on (names as in Constant Contact's v3 OpenAPI description). Objects are
// `loose`: CC adds fields over time and that must not break us; what we read is checked.
import { z } from "zod";

const Links = z
  .object({ next: z.object({ href: z.string() }).loose().optional() })
  .loose()
  .optional();

export const CcErrorArray = z.array(
  z.object({ error_key: z.string().optional(), error_message: z.string().optional() }).loose(),
);

export const AccountSummarySchema = z
  .object({
    encoded_account_id: z.string().min(1),
    organization_name: z.string().optional(),
    contact_email: z.string().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    country_code: z.string().optional(),
  })
  .loose();
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

export const ContactListSchema = z
  .object({
    list_id: z.string().min(1),
    name: z.string(),
    description: z.string().optional(),
    favorite: z.boolean().optional(),
    membership_count: z.number().int().optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  })
  .loose();
export type ContactList = z.infer<typeof ContactListSchema>;

export const ContactListsPageSchema = z
  .object({ lists: z.array(ContactListSchema).default([]), lists_count: z.number().int().optional(), _links: Links })
  .loose();

export const ContactSchema = z
  .object({
    contact_id: z.string().min(1),
    email_address: z
      .object({
        address: z.string(),
        permission_to_send: z.string().optional(),
        updated_at: z.string().optional(),
        opt_out_source: z.string().optional(),
        opt_out_date: z.string().optional(),
        opt_out_reason: z.string().optional(),
      })
      .loose()
      .optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    updated_at: z.string().optional(),
    deleted_at: z.string().optional(),
    list_memberships: z.array(z.string()).optional(),
    street_addresses: z.array(z.object({ city: z.string().optional() }).loose()).optional(),
  })
  .loose();
export type Contact = z.infer<typeof ContactSchema>;

export const ContactsPageSchema = z
  .object({ contacts: z.array(ContactSchema).default([]), contacts_count: z.number().int().optional(), _links: Links })
  .loose();

export const ActivityStateSchema = z.enum([
  "initialized",
  "processing",
  "completed",
  "cancelled",
  "failed",
  "timed_out",
]);

/** GET /activities/{id}. `status` differs by kind (import: person/error counts; memberships: list_count). */
export const ActivitySchema = z
  .object({
    activity_id: z.string().min(1),
    state: ActivityStateSchema,
    percent_done: z.number().optional(),
    activity_errors: z.array(z.string()).default([]),
    status: z
      .object({
        items_total_count: z.number().int().optional(),
        items_completed_count: z.number().int().optional(),
        person_count: z.number().int().optional(),
        error_count: z.number().int().optional(),
        cannot_add_to_list_count: z.number().int().optional(),
        list_count: z.number().int().optional(),
      })
      .loose()
      .optional(),
    created_at: z.string().optional(),
    completed_at: z.string().optional(),
  })
  .loose();
export type Activity = z.infer<typeof ActivitySchema>;

/** GET /activities: the account's activities of the last 10 days, newest first, paged by `_links.next`. */
export const ActivitiesPageSchema = z
  .object({ activities: z.array(ActivitySchema).default([]), _links: Links })
  .loose();

/** The states GET /activities can filter on (`initialized` is not one of them). */
export type ActivityFilterState = Exclude<z.infer<typeof ActivityStateSchema>, "initialized">;

/** The 201 answer of contacts_json_import and add/remove_list_memberships. */
export const ActivityCreatedSchema = z
  .object({
    activity_id: z.string().min(1),
    state: ActivityStateSchema,
    _links: z
      .object({ self: z.object({ href: z.string() }).loose() })
      .loose()
      .optional(),
  })
  .loose();
export type ActivityCreated = z.infer<typeof ActivityCreatedSchema>;

/** CC's limits on custom fields: per account, per import row, per value. */
export const CUSTOM_FIELD_LIMITS = { perAccount: 100, perRow: 25, valueLength: 255, labelLength: 50 } as const;

/**
 * One row of contacts_json_import: CC caps email at 50 characters here, names and city at 50. Custom fields ride
 * along as `cf:<field name>` keys (the field must exist in the account; "" clears the contact's value).
 */
export const ImportRowSchema = z
  .object({
    email: z.string().min(1).max(50),
    first_name: z.string().max(50).optional(),
    last_name: z.string().max(50).optional(),
    city: z.string().max(50).optional(),
  })
  .catchall(z.string().max(CUSTOM_FIELD_LIMITS.valueLength));
export type ImportRow = z.infer<typeof ImportRowSchema>;

/** A contact custom field of the account (GET/POST /contact_custom_fields). */
export const CustomFieldSchema = z
  .object({
    custom_field_id: z.string().min(1),
    label: z.string(),
    /** The label with blanks as underscores: the key after `cf:` in imports. */
    name: z.string().min(1),
    type: z.string(),
  })
  .loose();
export type CustomField = z.infer<typeof CustomFieldSchema>;
export const CustomFieldsSchema = z.object({ custom_fields: z.array(CustomFieldSchema) }).loose();

/** One email campaign of GET /emails (no activities there: GET /emails/{campaign_id} has them). */
export const EmailCampaignSummarySchema = z
  .object({
    campaign_id: z.string().min(1),
    name: z.string(),
    current_status: z.string().optional(),
    created_at: z.string().optional(),
    updated_at: z.string(),
  })
  .loose();
export type EmailCampaignSummary = z.infer<typeof EmailCampaignSummarySchema>;

export const EmailCampaignsPageSchema = z
  .object({ campaigns: z.array(EmailCampaignSummarySchema).default([]), _links: Links })
  .loose();

/** GET /emails/{campaign_id}: the campaign with its activities (the `primary_email` one is what was sent). */
export const EmailCampaignSchema = EmailCampaignSummarySchema.extend({
  campaign_activities: z
    .array(z.object({ campaign_activity_id: z.string().min(1), role: z.string() }).loose())
    .default([]),
});

/** CC's bounce codes (BouncesTrackingActivity.bounce_code). */
export const BOUNCE_CODES = ["B", "D", "F", "S", "V", "X", "Z"] as const;

/** One bounce of GET /reports/email_reports/{campaign_activity_id}/tracking/bounces. */
export const BounceActivitySchema = z
  .object({
    contact_id: z.string().min(1),
    email_address: z.string(),
    // An unknown code is kept (shown as "other"), not a reason to fail the whole report.
    bounce_code: z.string(),
    created_time: z.string(),
  })
  .loose();
export type BounceActivity = z.infer<typeof BounceActivitySchema>;

export const BouncesPageSchema = z
  .object({ tracking_activities: z.array(BounceActivitySchema).default([]), _links: Links })
  .loose();
