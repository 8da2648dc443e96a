// GET/POST /v3/contact_custom_fields and DELETE /v3/contact_custom_fields/{custom_field_id}: an account's contact
// custom fields (at most 100), which contacts_json_import rows address as `cf:<name>`.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { CustomField } from "../model";
import type { AccessContext } from "../oauth/tokens";
import type { AccountStore } from "../state";
import { ccError, notFound } from "./errors";
import { parseQuery, readJson } from "./json-body";
import { iso } from "./views";

/** CC's ceiling on custom fields per account. */
export const MAX_CUSTOM_FIELDS = 100;
const ERROR_KEY = "custom_fields.api.validation.error";

const FieldsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
const FieldInput = z.object({ label: z.string().trim().min(1).max(50), type: z.enum(["string", "date"]) });

export function customFieldView(field: CustomField) {
  return {
    custom_field_id: field.customFieldId,
    label: field.label,
    name: field.name,
    type: field.type,
    created_at: iso(field.createdAt),
    updated_at: iso(field.updatedAt),
  };
}

export function listCustomFields(ctx: RequestContext, access: AccessContext): Reply {
  const query = parseQuery(ctx.url, FieldsQuery, ERROR_KEY);
  // At most 100 fields exist, so one page of 100 holds them all; a smaller limit gets no cursor (CC documents none).
  return json(200, { custom_fields: access.store.customFields.slice(0, query.limit).map(customFieldView) });
}

/** Creates a field the way CC does (also used by the control API, as the owner would in CC's own screens). */
export function addCustomField(sandbox: Sandbox, store: AccountStore, label: string, type: "string" | "date") {
  const name = label.trim().replace(/\s+/g, "_");
  if (store.customFieldByName(name)) {
    throw ccError(409, "custom_fields.api.conflict", `A custom field named '${name}' already exists.`);
  }
  if (store.customFields.length >= MAX_CUSTOM_FIELDS) {
    throw ccError(400, ERROR_KEY, `An account can have at most ${MAX_CUSTOM_FIELDS} custom fields.`);
  }
  const now = sandbox.now();
  const field: CustomField = {
    customFieldId: randomUUID(),
    label: label.trim(),
    name,
    type,
    createdAt: now,
    updatedAt: now,
  };
  store.customFields.push(field);
  sandbox.state.touch();
  return field;
}

export function createCustomField(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const input = await readJson(ctx.req, FieldInput, ERROR_KEY);
    return json(201, customFieldView(addCustomField(sandbox, access.store, input.label, input.type)));
  };
}

/** Deleting a field deletes its values on every contact. */
export function removeCustomField(sandbox: Sandbox, store: AccountStore, field: CustomField): void {
  store.customFields = store.customFields.filter((f) => f.customFieldId !== field.customFieldId);
  for (const contact of store.contacts) delete contact.customFields[field.customFieldId];
  sandbox.state.touch();
}

export function deleteCustomField(sandbox: Sandbox) {
  return (ctx: RequestContext, access: AccessContext): Reply => {
    const field = access.store.customFields.find((f) => f.customFieldId === ctx.params.custom_field_id);
    if (!field) throw notFound("custom_fields.api.not_found", "The custom field was not found.");
    removeCustomField(sandbox, access.store, field);
    return { status: 204 };
  };
}
