// Every write to a member goes through here: POST (create), PUT (upsert), PATCH (update), batch subscribe and the
// operations of /batches. Mailchimp's rules, in order:
//   - a permanently deleted (forgotten) address cannot be added back through the API;
//   - POST on an existing member is "Member Exists"; an archived member counts as absent for POST, PUT and batches;
//   - an unsubscribed or cleaned member can never be set to subscribed ("Member In Compliance State"); `pending` is
//     allowed for an unsubscribed member (Mailchimp emails a confirmation), not for a cleaned one; `unsubscribed` is
//     always allowed;
//   - a new `email_address` on an existing member changes its address and hash (fires `upemail`), unless the new
//     address is already in the list;
//   - merge fields are checked (types, required fields unless skip_merge_validation) on the values the member ends
//     up with; unknown merge tags are ignored;
//   - `last_changed` moves on every change, status changes included.
import { z } from "zod";
import type { McSandbox } from "../context";
import { hexId, isValidEmail, subscriberHash } from "../ids";
import {
  MEMBER_STATUSES,
  type AddressValue,
  type ChangeSource,
  type Member,
  type MemberStatus,
  type MergeField,
  type MergeValue,
} from "../model";
import {
  complianceState,
  fakeEmail,
  forgottenEmail,
  INVALID_RESOURCE_DETAIL,
  invalidResource,
  memberExists,
  mergeFieldsInvalid,
  type FieldError,
} from "../problem";
import type { AccountStore, ListStore } from "../state";
import type { MemberEvent } from "../webhooks/events";
import { parseBody } from "./body";

const Status = z.enum(MEMBER_STATUSES);

export const MemberBody = z
  .object({
    email_address: z.string().optional(),
    email_type: z.enum(["html", "text"]).optional(),
    status: Status.optional(),
    status_if_new: Status.optional(),
    merge_fields: z.record(z.string(), z.unknown()).optional(),
    interests: z.record(z.string(), z.boolean()).optional(),
    language: z.string().optional(),
    vip: z.boolean().optional(),
    location: z.object({ latitude: z.number().optional(), longitude: z.number().optional() }).optional(),
    marketing_permissions: z.array(z.unknown()).optional(),
    ip_signup: z.string().optional(),
    timestamp_signup: z.string().optional(),
    ip_opt: z.string().optional(),
    timestamp_opt: z.string().optional(),
    /** On POST and in batches: tag names to put on the member. */
    tags: z.array(z.string()).optional(),
  })
  .passthrough();
export type MemberBody = z.infer<typeof MemberBody>;

export function parseMemberBody(body: unknown): MemberBody {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidResource([
      { field: "", message: `Schema describes object, ${Array.isArray(body) ? "array" : "NULL"} found instead` },
    ]);
  return parseBody(MemberBody, body);
}

export type WriteMode = "create" | "upsert" | "update" | "batch";

export interface WriteScope {
  sandbox: McSandbox;
  store: AccountStore;
  list: ListStore;
  source: ChangeSource;
}

export interface WriteOptions {
  mode: WriteMode;
  skipMergeValidation?: boolean;
  /** Batch subscribe's sync_tags: the request's tags replace the member's. */
  syncTags?: boolean;
}

export interface WriteResult {
  member: Member;
  created: boolean;
  events: MemberEvent[];
}

export function writeMember(
  scope: WriteScope,
  existing: Member | undefined,
  input: MemberBody,
  options: WriteOptions,
): WriteResult {
  const { sandbox, list } = scope;
  const now = sandbox.now();
  const archived = existing?.status === "archived";
  const email = input.email_address?.trim();

  if (!existing && !email)
    throw invalidResource([{ field: "email_address", message: "This value should not be blank." }]);
  if (email !== undefined && !isValidEmail(email)) throw fakeEmail(email);
  if (!existing && email && list.forgotten.has(subscriberHash(email))) throw forgottenEmail(email);
  if (existing && !archived && options.mode === "create") throw memberExists(existing.emailAddress);

  // Which status the member is to have (undefined: leave it). An archived member is added back by POST, PUT and
  // batches like a new one; PATCH (or PUT with `status`) with a status brings it back too.
  const adding = !existing || (archived && options.mode !== "update");
  let target: MemberStatus | undefined;
  if (!existing) target = options.mode === "create" ? input.status : (input.status_if_new ?? input.status);
  else if (adding) target = input.status ?? input.status_if_new;
  else target = input.status;
  if (adding && !target) {
    const field = options.mode === "upsert" ? "status_if_new" : "status";
    throw invalidResource([{ field, message: "This value should not be blank." }]);
  }
  const current: MemberStatus | null = existing
    ? archived
      ? existing.statusBeforeArchive
      : (existing.status as MemberStatus)
    : null;
  if (target && current && target !== current) checkCompliance(current, target, existing!.emailAddress);

  // A different address on an existing member is an address change, refused when the new one is taken.
  let newEmail: string | undefined;
  if (existing && email && subscriberHash(email) !== existing.id) {
    const taken = list.memberByEmail(email);
    if (taken || list.forgotten.has(subscriberHash(email)))
      throw invalidResource([
        {
          field: "email_address",
          message: `"${email}" is already in this list with a status of "${taken?.status ?? "archived"}".`,
        },
      ]);
    newEmail = email;
  }

  const mergeFields = checkMergeFields(
    list,
    existing?.mergeFields ?? {},
    input.merge_fields,
    options.skipMergeValidation ?? false,
  );
  const unknownInterest = Object.keys(input.interests ?? {}).find((id) => !list.interests.some((i) => i.id === id));
  if (unknownInterest !== undefined)
    throw invalidResource(
      [{ field: "interests", message: `Invalid interest ID: '${unknownInterest}'` }],
      INVALID_RESOURCE_DETAIL,
    );

  // Everything is valid: apply.
  let member = existing;
  let created = false;
  if (!member) {
    member = sandbox.state.newMember(email!, target!, scope.source === "api" ? "API - Generic" : "Admin Add");
    member.timestampOpt = null;
    member.unsubscribedAt = null;
    list.addMember(member);
    created = true;
  }
  const before = fingerprint(member);
  const events: MemberEvent[] = [];
  if (newEmail) {
    const oldEmail = member.emailAddress;
    list.changeEmail(member, newEmail);
    member.uniqueEmailId = hexId(10);
    events.push({ type: "upemail", oldEmail });
  } else if (email && email !== member.emailAddress) {
    member.emailAddress = email; // the same address in other letter case
  }
  member.mergeFields = mergeFields;
  for (const [id, on] of Object.entries(input.interests ?? {})) member.interests[id] = on;
  if (input.email_type) member.emailType = input.email_type;
  if (input.language !== undefined) member.language = input.language;
  if (input.vip !== undefined) member.vip = input.vip;
  if (input.ip_signup !== undefined) member.ipSignup = input.ip_signup;
  if (input.ip_opt !== undefined) member.ipOpt = input.ip_opt;
  if (input.timestamp_signup) member.timestampSignup = Date.parse(input.timestamp_signup) || member.timestampSignup;
  if (input.tags && (options.mode === "create" || options.mode === "batch" || created))
    applyTagNames(scope, member, input.tags, options.syncTags ?? false, now);
  const profileChanged = !created && fingerprint(member, true) !== before.profile;

  let statusEvent: MemberEvent | null = null;
  if (target && (created || archived || target !== member.status))
    statusEvent = setStatus(list, member, target, now, created || archived);
  if (input.timestamp_opt) member.timestampOpt = Date.parse(input.timestamp_opt) || member.timestampOpt;
  if (created) member.timestampSignup ??= now;

  if (statusEvent) events.push(statusEvent);
  else if (profileChanged && !newEmail) events.push({ type: "profile" });
  if (created || fingerprint(member).all !== before.all) {
    member.lastChanged = now;
    sandbox.state.touch();
  }
  return { member, created, events };
}

export function checkCompliance(from: MemberStatus, to: MemberStatus, email: string): void {
  if (to === "subscribed" && (from === "unsubscribed" || from === "cleaned")) throw complianceState(email);
  if (to === "pending" && from === "cleaned") throw complianceState(email);
}

/** Moves a member to a status with its bookkeeping; the webhook event it causes, if any. */
export function setStatus(
  list: ListStore,
  member: Member,
  to: MemberStatus,
  now: number,
  arriving: boolean,
): MemberEvent | null {
  const from = arriving ? null : member.status;
  member.status = to;
  member.statusBeforeArchive = null;
  if (to === "subscribed") {
    if (from !== "subscribed") member.timestampOpt = now;
    list.list.lastSubAt = now;
    return { type: "subscribe" };
  }
  if (to === "unsubscribed") {
    member.unsubscribedAt = now;
    list.list.lastUnsubAt = now;
    // A member added as unsubscribed (an import of an old opt-out) was never on the list to leave it.
    return from === null ? null : { type: "unsubscribe", action: "unsub", reason: "manual" };
  }
  if (to === "cleaned") return from === null ? null : { type: "cleaned", reason: "hard" };
  return null;
}

function fingerprint(member: Member): { all: string; profile: string };
function fingerprint(member: Member, profileOnly: true): string;
function fingerprint(member: Member, profileOnly = false): string | { all: string; profile: string } {
  const profile = JSON.stringify([member.mergeFields, member.interests, member.emailType, member.language, member.vip]);
  if (profileOnly) return profile;
  return {
    profile,
    all: JSON.stringify([profile, member.emailAddress, member.status, member.tags, member.ipOpt, member.ipSignup]),
  };
}

/** The merge values a member ends up with, or the errors Mailchimp answers for them. */
export function checkMergeFields(
  list: ListStore,
  current: Record<string, MergeValue>,
  given: Record<string, unknown> | undefined,
  skipValidation: boolean,
): Record<string, MergeValue> {
  const values: Record<string, MergeValue> = { ...current };
  const schema: FieldError[] = [];
  const errors: FieldError[] = [];
  for (const [tag, raw] of Object.entries(given ?? {})) {
    const field = list.mergeField(tag);
    if (!field) continue;
    if (typeof raw === "boolean" || Array.isArray(raw)) {
      schema.push({
        field: `merge_fields.${tag}`,
        message: "Data did not match any of the schemas described in anyOf.",
      });
      continue;
    }
    const checked = mergeValue(field, raw);
    if ("error" in checked) errors.push({ field: tag, message: checked.error });
    else if (checked.value === "") delete values[tag];
    else values[tag] = checked.value;
  }
  if (schema.length > 0) throw invalidResource(schema);
  if (!skipValidation)
    for (const field of list.mergeFields)
      if (field.required && isEmpty(values[field.tag]) && !errors.some((e) => e.field === field.tag))
        errors.push({
          field: field.tag,
          message: field.type === "address" ? "Please enter a complete address" : "Please enter a value",
        });
  if (errors.length > 0) throw mergeFieldsInvalid(errors);
  return values;
}

function isEmpty(value: MergeValue | undefined): boolean {
  return value === undefined || value === "";
}

function mergeValue(field: MergeField, raw: unknown): { value: MergeValue } | { error: string } {
  if (raw === null || raw === undefined || raw === "") return { value: "" };
  switch (field.type) {
    case "number": {
      const number = typeof raw === "number" ? raw : Number(String(raw).trim());
      return Number.isFinite(number) && String(raw).trim() !== ""
        ? { value: number }
        : { error: "Please enter a number" };
    }
    case "address": {
      if (typeof raw !== "object") return { error: "Please enter a complete address" };
      const a = raw as Partial<Record<keyof AddressValue, unknown>>;
      const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() : "");
      const address: AddressValue = {
        addr1: text(a.addr1),
        addr2: text(a.addr2),
        city: text(a.city),
        state: text(a.state),
        zip: text(a.zip),
        country: text(a.country) || "US",
      };
      if (!address.addr1 || !address.city || !address.state || !address.zip)
        return { error: "Please enter a complete address" };
      return { value: address };
    }
    default:
      if (typeof raw === "object") return { error: "Please enter a value" };
      return { value: String(raw) };
  }
}

/** Puts tags on a member by name, creating tags the list does not have (`replace`: the member keeps only these). */
export function applyTagNames(scope: WriteScope, member: Member, names: string[], replace: boolean, now: number): void {
  const ids = names
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ensureTag(scope, name));
  if (replace) member.tags = member.tags.filter((t) => ids.includes(t.tagId));
  for (const id of ids) if (!member.tags.some((t) => t.tagId === id)) member.tags.push({ tagId: id, addedAt: now });
}

export function ensureTag(scope: { sandbox: McSandbox; list: ListStore }, name: string): number {
  const existing = scope.list.tagByName(name);
  if (existing) return existing.id;
  const tag = { id: scope.sandbox.state.nextTagId++, name: name.trim() };
  scope.list.tags.push(tag);
  return tag.id;
}
