// How the API shows the sandbox's records (the shapes of Mailchimp's list, member, merge field, group, tag and
// webhook objects).
import type { McSandbox } from "../context";
import type { Interest, InterestCategory, Member, MergeField, MergeValue, Webhook } from "../model";
import type { ListStore } from "../state";
import { links, mcTime } from "./format";

export function listStats(list: ListStore) {
  let subscribed = 0;
  let unsubscribed = 0;
  let cleaned = 0;
  let total = 0;
  for (const member of list.members) {
    if (member.status === "archived") continue;
    total++;
    if (member.status === "subscribed") subscribed++;
    else if (member.status === "unsubscribed") unsubscribed++;
    else if (member.status === "cleaned") cleaned++;
  }
  return { subscribed, unsubscribed, cleaned, total };
}

export function listView(sandbox: McSandbox, store: ListStore, includeTotalContacts = false) {
  const { list } = store;
  const counts = listStats(store);
  const stats: Record<string, unknown> = {
    member_count: counts.subscribed,
    unsubscribe_count: counts.unsubscribed,
    cleaned_count: counts.cleaned,
    member_count_since_send: counts.subscribed,
    unsubscribe_count_since_send: counts.unsubscribed,
    cleaned_count_since_send: counts.cleaned,
    campaign_count: 0,
    campaign_last_sent: "",
    merge_field_count: store.mergeFields.length,
    avg_sub_rate: 0,
    avg_unsub_rate: 0,
    target_sub_rate: 0,
    open_rate: 0,
    click_rate: 0,
    last_sub_date: mcTime(list.lastSubAt),
    last_unsub_date: mcTime(list.lastUnsubAt),
  };
  if (includeTotalContacts) stats.total_contacts = counts.total;
  return {
    id: list.listId,
    web_id: list.webId,
    name: list.name,
    contact: {
      company: list.company,
      address1: list.address1,
      address2: "",
      city: list.city,
      state: list.state,
      zip: list.zip,
      country: list.country,
      phone: "",
    },
    permission_reminder: list.permissionReminder,
    use_archive_bar: true,
    campaign_defaults: {
      from_name: list.fromName,
      from_email: list.fromEmail,
      subject: list.subject,
      language: list.language,
    },
    notify_on_subscribe: "",
    notify_on_unsubscribe: "",
    date_created: mcTime(list.createdAt),
    list_rating: 0,
    email_type_option: list.emailTypeOption,
    subscribe_url_short: `http://eepurl.test/${list.listId}`,
    subscribe_url_long: `${sandbox.origin}/subscribe?id=${list.listId}`,
    beamer_address: `${list.listId}@inbound.mailchimp.test`,
    visibility: list.visibility,
    double_optin: list.doubleOptin,
    has_welcome: false,
    marketing_permissions: false,
    modules: [],
    stats,
    _links: links(sandbox, `/lists/${list.listId}`, [
      ["parent", "/lists", "GET"],
      ["members", `/lists/${list.listId}/members`, "GET"],
      ["merge-fields", `/lists/${list.listId}/merge-fields`, "GET"],
      ["interest-categories", `/lists/${list.listId}/interest-categories`, "GET"],
      ["webhooks", `/lists/${list.listId}/webhooks`, "GET"],
    ]),
  };
}

/** A member's merge values as the API shows them: every field of the list, "" when unset. */
export function mergeValues(list: ListStore, member: Member): Record<string, MergeValue> {
  const values: Record<string, MergeValue> = {};
  for (const field of list.mergeFields) values[field.tag] = member.mergeFields[field.tag] ?? "";
  return values;
}

export function memberInterests(list: ListStore, member: Member): Record<string, boolean> {
  return Object.fromEntries(list.interests.map((interest) => [interest.id, member.interests[interest.id] === true]));
}

export function memberView(sandbox: McSandbox, list: ListStore, member: Member) {
  const merges = mergeValues(list, member);
  const fullName = [merges.FNAME, merges.LNAME]
    .filter((v) => typeof v === "string" && v)
    .join(" ")
    .trim();
  const listId = list.list.listId;
  const view: Record<string, unknown> = {
    id: member.id,
    email_address: member.emailAddress,
    unique_email_id: member.uniqueEmailId,
    contact_id: member.contactId,
    full_name: fullName,
    web_id: member.webId,
    email_type: member.emailType,
    status: member.status,
  };
  if (member.status === "unsubscribed")
    view.unsubscribe_reason = member.unsubscribeReason || "N/A (Unsubscribed by an admin)";
  Object.assign(view, {
    consents_to_one_to_one_messaging: true,
    merge_fields: merges,
  });
  if (list.interests.length > 0) view.interests = memberInterests(list, member);
  Object.assign(view, {
    stats: { avg_open_rate: 0, avg_click_rate: 0 },
    ip_signup: member.ipSignup,
    timestamp_signup: mcTime(member.timestampSignup),
    ip_opt: member.ipOpt,
    timestamp_opt: mcTime(member.timestampOpt),
    member_rating: 2,
    last_changed: mcTime(member.lastChanged),
    language: member.language,
    vip: member.vip,
    email_client: "",
    location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: "", timezone: "", region: "" },
    marketing_permissions: [],
    source: member.source,
    tags_count: member.tags.length,
    tags: member.tags.map((t) => ({ id: t.tagId, name: list.tags.find((tag) => tag.id === t.tagId)?.name ?? "" })),
    list_id: listId,
    _links: links(sandbox, `/lists/${listId}/members/${member.id}`, [
      ["parent", `/lists/${listId}/members`, "GET"],
      ["update", `/lists/${listId}/members/${member.id}`, "PATCH"],
      ["upsert", `/lists/${listId}/members/${member.id}`, "PUT"],
      ["delete", `/lists/${listId}/members/${member.id}`, "DELETE"],
    ]),
  });
  return view;
}

export function mergeFieldView(sandbox: McSandbox, list: ListStore, field: MergeField) {
  const listId = list.list.listId;
  return {
    merge_id: field.mergeId,
    tag: field.tag,
    name: field.name,
    type: field.type,
    required: field.required,
    default_value: field.defaultValue,
    public: field.public,
    display_order: field.displayOrder,
    options: field.options,
    help_text: field.helpText,
    list_id: listId,
    _links: links(sandbox, `/lists/${listId}/merge-fields/${field.mergeId}`, [
      ["parent", `/lists/${listId}/merge-fields`, "GET"],
    ]),
  };
}

export function categoryView(sandbox: McSandbox, list: ListStore, category: InterestCategory) {
  const listId = list.list.listId;
  return {
    list_id: listId,
    id: category.id,
    title: category.title,
    display_order: category.displayOrder,
    type: category.type,
    _links: links(sandbox, `/lists/${listId}/interest-categories/${category.id}`, [
      ["parent", `/lists/${listId}/interest-categories`, "GET"],
      ["interests", `/lists/${listId}/interest-categories/${category.id}/interests`, "GET"],
    ]),
  };
}

export function interestView(sandbox: McSandbox, list: ListStore, interest: Interest) {
  const listId = list.list.listId;
  const count = list.members.filter((m) => m.status !== "archived" && m.interests[interest.id] === true).length;
  return {
    category_id: interest.categoryId,
    list_id: listId,
    id: interest.id,
    name: interest.name,
    // Mailchimp sends this count as a string.
    subscriber_count: String(count),
    display_order: interest.displayOrder,
    _links: links(sandbox, `/lists/${listId}/interest-categories/${interest.categoryId}/interests/${interest.id}`, [
      ["parent", `/lists/${listId}/interest-categories/${interest.categoryId}/interests`, "GET"],
    ]),
  };
}

export function webhookView(sandbox: McSandbox, webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: { ...webhook.events },
    sources: { ...webhook.sources },
    list_id: webhook.listId,
    _links: links(sandbox, `/lists/${webhook.listId}/webhooks/${webhook.id}`, [
      ["parent", `/lists/${webhook.listId}/webhooks`, "GET"],
      ["delete", `/lists/${webhook.listId}/webhooks/${webhook.id}`, "DELETE"],
    ]),
  };
}
