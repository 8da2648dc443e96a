// The records the Mailchimp sandbox keeps. Times are epoch milliseconds on the sandbox clock; the API views turn them
// into Mailchimp's ISO 8601 with `+00:00` and whole seconds.

/** What a request body may set (`status`, `status_if_new`). */
export const MEMBER_STATUSES = ["subscribed", "unsubscribed", "cleaned", "pending", "transactional"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** What reads show: archiving (DELETE) is a status of its own. */
export type StoredStatus = MemberStatus | "archived";

/** Who made a change, as webhooks' `sources` name them. */
export type ChangeSource = "user" | "admin" | "api";

export interface McAccount {
  /** Mailchimp's `user_id` / `account_id` in metadata and the API root. */
  userId: number;
  loginId: number;
  email: string;
  password: string;
  accountName: string;
  firstName: string;
  lastName: string;
  /** The data centre label (`us21`); the API itself is always served by this sandbox. */
  dc: string;
  createdAt: number;
}

export interface McList {
  listId: string;
  webId: number;
  name: string;
  company: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  permissionReminder: string;
  fromName: string;
  fromEmail: string;
  subject: string;
  language: string;
  emailTypeOption: boolean;
  doubleOptin: boolean;
  visibility: "pub" | "prv";
  createdAt: number;
  lastSubAt: number | null;
  lastUnsubAt: number | null;
}

export const MERGE_FIELD_TYPES = [
  "text",
  "number",
  "address",
  "phone",
  "date",
  "url",
  "imageurl",
  "radio",
  "dropdown",
  "birthday",
  "zip",
] as const;
export type MergeFieldType = (typeof MERGE_FIELD_TYPES)[number];

export interface MergeField {
  mergeId: number;
  tag: string;
  name: string;
  type: MergeFieldType;
  required: boolean;
  defaultValue: string;
  public: boolean;
  displayOrder: number;
  helpText: string;
  options: Record<string, unknown>;
}

export interface AddressValue {
  addr1: string;
  addr2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}
export type MergeValue = string | number | AddressValue;

export interface InterestCategory {
  id: string;
  title: string;
  type: "checkboxes" | "dropdown" | "radio" | "hidden";
  displayOrder: number;
}

export interface Interest {
  id: string;
  categoryId: string;
  name: string;
  displayOrder: number;
}

/** Tags are static segments of the list, with numeric ids. */
export interface ListTag {
  id: number;
  name: string;
}

export interface MemberTag {
  tagId: number;
  addedAt: number;
}

export interface Member {
  /** The subscriber hash: MD5 of the lower-cased email; changes with the email. */
  id: string;
  emailAddress: string;
  /** 10 hex characters: webhooks' `data[id]`. */
  uniqueEmailId: string;
  contactId: string;
  webId: number;
  emailType: "html" | "text";
  status: StoredStatus;
  /** What an archived member was before DELETE archived it (compliance rules still apply to it). */
  statusBeforeArchive: MemberStatus | null;
  unsubscribeReason: string;
  mergeFields: Record<string, MergeValue>;
  /** Interest id → selected. Ids never set read as false. */
  interests: Record<string, boolean>;
  language: string;
  vip: boolean;
  ipSignup: string;
  timestampSignup: number | null;
  ipOpt: string;
  timestampOpt: number | null;
  lastChanged: number;
  /** When the member last became unsubscribed (`unsubscribed_since`). */
  unsubscribedAt: number | null;
  source: string;
  tags: MemberTag[];
  createdAt: number;
}

export interface WebhookEvents {
  subscribe: boolean;
  unsubscribe: boolean;
  profile: boolean;
  cleaned: boolean;
  upemail: boolean;
  campaign: boolean;
}
export interface WebhookSources {
  user: boolean;
  admin: boolean;
  api: boolean;
}

export interface Webhook {
  id: string;
  listId: string;
  url: string;
  events: WebhookEvents;
  sources: WebhookSources;
  /** False once the app answered 410 Gone: no more deliveries, ever. */
  enabled: boolean;
  createdAt: number;
}

export type WebhookEventType = "subscribe" | "unsubscribe" | "profile" | "cleaned" | "upemail";

export interface DeliveryAttempt {
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  deliveryId: string;
  accountEmail: string;
  webhookId: string;
  listId: string;
  url: string;
  type: WebhookEventType;
  firedAt: number;
  /** The form-encoded body, exactly as sent. */
  body: string;
  attempts: DeliveryAttempt[];
  state: "pending" | "delivered" | "failed" | "gone";
  nextAttemptAt: number | null;
}

export interface BatchOperation {
  method: string;
  path: string;
  params: Record<string, unknown> | null;
  body: string | null;
  operationId: string | null;
}

export interface BatchResult {
  status_code: number;
  operation_id: string | null;
  response: string;
}

export interface Batch {
  id: string;
  userId: number;
  operations: BatchOperation[];
  submittedAt: number;
  /** When it leaves the queue (batches run one at a time per account) and how long it then takes. */
  startsAt: number;
  durationMs: number;
  /** Set once its operations ran. */
  results: BatchResult[] | null;
  completedAt: number | null;
}

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  /** Shown on the login page, as Mailchimp names the app asking for access. */
  appName: string;
  /** Exact-match list. */
  redirectUris: string[];
}

export interface PendingLogin {
  pendingId: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface AccessToken {
  token: string;
  clientId: string;
  userId: number;
  createdAt: number;
  /** The user removed the app in Mailchimp (control API): every call answers 401 from then on. */
  revokedAt: number | null;
}
