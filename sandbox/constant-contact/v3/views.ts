// How CC renders its resources (field names from ContactResource, ContactList, ActivityImport and
// ActivityListsMembership in the OpenAPI file). Absent values are left out, not sent as null, as CC does.
import { progressOf } from "../activities/progress";
import type { Activity, Contact, ContactList } from "../model";

export const iso = (ms: number) => new Date(ms).toISOString();

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

const optIso = (ms: number | null) => (ms === null ? null : iso(ms));

/** Sub-resources (list_memberships, street_addresses, ...) appear only when asked for with `include`. */
export function contactView(contact: Contact, include: ReadonlySet<string>) {
  const unsubscribed = contact.permission === "unsubscribed";
  return compact({
    contact_id: contact.contactId,
    email_address: compact({
      address: contact.email,
      permission_to_send: contact.permission,
      created_at: iso(contact.emailCreatedAt),
      updated_at: iso(contact.emailUpdatedAt),
      opt_in_source: contact.optInSource,
      opt_in_date: optIso(contact.optInDate),
      // Shown only once the contact has opted out.
      opt_out_source: unsubscribed ? contact.optOutSource : null,
      opt_out_date: unsubscribed ? optIso(contact.optOutDate) : null,
      opt_out_reason: unsubscribed ? contact.optOutReason : null,
      confirm_status: contact.confirmStatus,
    }),
    first_name: contact.firstName,
    last_name: contact.lastName,
    job_title: contact.jobTitle,
    company_name: contact.companyName,
    birthday_month: contact.birthdayMonth,
    birthday_day: contact.birthdayDay,
    anniversary: contact.anniversary,
    create_source: contact.createSource,
    update_source: contact.updateSource,
    created_at: iso(contact.createdAt),
    updated_at: iso(contact.updatedAt),
    deleted_at: contact.deletedAt === null ? null : iso(contact.deletedAt).slice(0, 10),
    list_memberships: include.has("list_memberships") ? [...contact.listIds] : null,
    street_addresses: include.has("street_addresses")
      ? contact.streetAddress
        ? [streetAddressView(contact.streetAddress)]
        : []
      : null,
    phone_numbers: include.has("phone_numbers")
      ? contact.phoneNumbers.map((p) => ({
          phone_number_id: p.phoneNumberId,
          phone_number: p.phoneNumber,
          kind: p.kind,
          created_at: iso(p.createdAt),
          updated_at: iso(p.updatedAt),
        }))
      : null,
    custom_fields: include.has("custom_fields")
      ? Object.entries(contact.customFields).map(([id, value]) => ({ custom_field_id: id, value }))
      : null,
    taggings: include.has("taggings") ? [...contact.tagIds] : null,
    notes: include.has("notes") ? [] : null,
  });
}

function streetAddressView(address: NonNullable<Contact["streetAddress"]>) {
  return compact({
    street_address_id: address.streetAddressId,
    kind: address.kind,
    street: address.street,
    city: address.city,
    state: address.state,
    postal_code: address.postalCode,
    country: address.country,
    created_at: iso(address.createdAt),
    updated_at: iso(address.updatedAt),
  });
}

export function listView(list: ContactList, membershipCount?: number) {
  return compact({
    list_id: list.listId,
    name: list.name,
    description: list.description,
    favorite: list.favorite,
    created_at: iso(list.createdAt),
    updated_at: iso(list.updatedAt),
    membership_count: membershipCount,
  });
}

/** GET /activities/{id} (schema `Activity` with `ActivityStatus`); the POST answers use the same shape. */
export function activityView(activity: Activity, now: number) {
  const progress = progressOf(activity, now);
  const done = progress.state === "completed" && activity.result !== null;
  const completedItems = done ? activity.itemsTotal : Math.floor((activity.itemsTotal * progress.percentDone) / 100);
  const result = done ? activity.result : null;
  const status = activityStatus(activity, completedItems, result);
  return compact({
    activity_id: activity.activityId,
    // ActivityGeneric (a tag delete) has no "initialized" state: CC reports it as processing from the start.
    state: activity.kind === "contacts_tags_delete" && progress.state === "initialized" ? "processing" : progress.state,
    created_at: iso(activity.createdAt),
    updated_at: iso(progress.updatedAt),
    started_at: optIso(progress.startedAt),
    completed_at: optIso(progress.completedAt),
    percent_done: progress.percentDone,
    activity_errors: result?.errors ?? [],
    status,
    _links: { self: { href: `/v3/activities/${activity.activityId}` } },
  });
}

/** `ActivityStatus` for imports, `ActivityListsMembership` status for memberships, and items only for tagging. */
function activityStatus(activity: Activity, completedItems: number, result: Activity["result"]) {
  switch (activity.kind) {
    case "contacts_json_import":
      return {
        items_total_count: activity.itemsTotal,
        items_completed_count: completedItems,
        person_count: result?.personCount ?? 0,
        error_count: result?.errorCount ?? 0,
        correctable_count: 0,
        cannot_add_to_list_count: result?.cannotAddToListCount ?? 0,
      };
    case "add_list_memberships":
    case "remove_list_memberships":
      return {
        items_total_count: activity.itemsTotal,
        items_completed_count: completedItems,
        list_count: activity.listIds.length,
      };
    default:
      return { items_total_count: activity.itemsTotal, items_completed_count: completedItems };
  }
}
