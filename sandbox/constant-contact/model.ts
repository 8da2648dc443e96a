// The records the sandbox keeps. Times are epoch milliseconds; the V3 serializers turn them into ISO-8601.

export type Source = "Account" | "Contact";
export type Permission = "implicit" | "explicit" | "pending_confirmation" | "unsubscribed" | "temp_hold" | "not_set";
export const PERMISSIONS = [
  "implicit",
  "explicit",
  "pending_confirmation",
  "unsubscribed",
  "temp_hold",
  "not_set",
] as const;

export interface Account {
  accountId: string;
  /** CC's public account id (e.g. "a07e1l8cdif9dl"), what /account/summary reports. */
  encodedAccountId: string;
  email: string;
  password: string;
  organizationName: string;
  firstName: string;
  lastName: string;
  createdAt: number;
}

export interface ContactList {
  listId: string;
  accountId: string;
  name: string;
  description: string | null;
  favorite: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A contact custom field of an account (`/contact_custom_fields`); imports address it as `cf:<name>`. */
export interface CustomField {
  customFieldId: string;
  label: string;
  /** The label with blanks replaced by underscores: the key after `cf:`. */
  name: string;
  type: "string" | "date";
  createdAt: number;
  updatedAt: number;
}

/** A contact tag of an account (`/contact_tags`); contacts carry tag ids (`taggings`), at most 50 each. */
export interface Tag {
  tagId: string;
  /** Unique in the account (case-insensitively), 1–255 characters. */
  name: string;
  /** Set only at creation (`POST /contact_tags`); PUT cannot change it. */
  tagSource: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface StreetAddress {
  streetAddressId: string;
  kind: "home" | "work" | "other";
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PhoneNumber {
  phoneNumberId: string;
  phoneNumber: string;
  kind: "home" | "work" | "mobile" | "other";
  createdAt: number;
  updatedAt: number;
}

export interface Contact {
  contactId: string;
  /** Insertion order: the stable sort key that paging cursors point into. */
  seq: number;
  email: string;
  /** Trimmed, lower-cased email: one contact per key per account. */
  emailKey: string;
  permission: Permission;
  confirmStatus: "pending" | "confirmed" | "off";
  emailCreatedAt: number;
  emailUpdatedAt: number;
  optInSource: Source | null;
  optInDate: number | null;
  optOutSource: Source | null;
  optOutDate: number | null;
  optOutReason: string | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  companyName: string | null;
  birthdayMonth: number | null;
  birthdayDay: number | null;
  anniversary: string | null;
  phoneNumbers: PhoneNumber[];
  streetAddress: StreetAddress | null;
  listIds: string[];
  /** Custom field values by custom_field_id (a field's deletion removes its values). */
  customFields: Record<string, string>;
  /** Tag ids on the contact (`taggings`), at most 50; deleting a tag removes it here. */
  tagIds: string[];
  createSource: Source;
  updateSource: Source;
  createdAt: number;
  /** The contact's own update time: opt-outs do NOT move it (only email_address.updated_at). */
  updatedAt: number;
  deletedAt: number | null;
}

export type ActivityKind =
  | "contacts_json_import"
  | "add_list_memberships"
  | "remove_list_memberships"
  | "contacts_taggings_add"
  | "contacts_taggings_remove"
  | "contacts_tags_delete";

/** Which contacts a bulk activity acts on; exactly one selector is set (`exclude` narrows list/all-active sources). */
export interface MembershipSource {
  contactIds?: string[];
  listIds?: string[];
  tagIds?: string[];
  allActiveContacts?: boolean;
  /** Contacts who subscribed within the last 30 days (tagging activities only). */
  newSubscriber?: boolean;
  excludeContactIds?: string[];
}

export interface Activity {
  activityId: string;
  accountId: string;
  kind: ActivityKind;
  createdAt: number;
  /** Fixed at creation so a later config change does not move running activities. */
  delayMs: number;
  itemsTotal: number;
  /** Rows still to apply; emptied once applied so finished imports do not hold memory. */
  importRows: unknown[];
  /** Size of the import request body as received (before any 4 MB cut), for tests that check batch sizes. */
  requestBytes?: number;
  listIds: string[];
  /** The tags a tagging activity adds or removes, or a delete activity deletes. */
  tagIds?: string[];
  source: MembershipSource | null;
  result: ActivityResult | null;
}

export interface ActivityResult {
  personCount: number;
  errorCount: number;
  cannotAddToListCount: number;
  errors: string[];
}

export interface PendingAuthorization {
  pendingId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string | null;
  accountId: string | null;
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  accountId: string;
  codeChallenge: string | null;
  expiresAt: number;
  usedAt: number | null;
  grantId: string | null;
}

export interface Grant {
  grantId: string;
  clientId: string;
  accountId: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
  /** Only the newest refresh token of a grant is valid: rotation invalidates every earlier one. */
  currentRefreshToken: string | null;
  refreshTokenLastUsedAt: number;
}

export interface AccessTokenRecord {
  jti: string;
  grantId: string;
  expiresAt: number;
  revokedAt: number | null;
}

/** CC's bounce codes, as the OpenAPI file lists them for the bounces report. */
export const BOUNCE_CODES = ["B", "D", "F", "S", "V", "X", "Z"] as const;
export type BounceCode = (typeof BOUNCE_CODES)[number];

/** One bounce of a sent campaign (the `em_bounces` tracking activity). */
export interface CampaignBounce {
  /** Order of recording: the report lists the most recent first. */
  seq: number;
  contactId: string;
  /** The address the email went to (the contact may have changed it since). */
  emailAddress: string;
  firstName: string | null;
  lastName: string | null;
  bounceCode: BounceCode;
  createdAt: number;
}

/**
 * An email campaign the owner sent from CC's screens (the control API plays that part): a `primary_email` activity
 * that went to a list's members, and the `permalink` activity CC creates with every campaign.
 */
export interface EmailCampaign {
  campaignId: string;
  accountId: string;
  name: string;
  currentStatus: "Draft" | "Scheduled" | "Executing" | "Done" | "Error" | "Removed";
  primaryActivityId: string;
  permalinkActivityId: string;
  listIds: string[];
  /** How many contacts it went to. */
  sentCount: number;
  bounces: CampaignBounce[];
  createdAt: number;
  updatedAt: number;
}
