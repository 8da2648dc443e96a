// GET/PUT/DELETE /v3/contacts/{contact_id} and POST /v3/contacts.
import { z } from "zod";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { Contact } from "../model";
import type { AccessContext } from "../oauth/tokens";
import type { AccountStore } from "../state";
import { IncludeParam } from "./contacts-collection";
import { ContactPostRequest, ContactPutRequest } from "./contact-schemas";
import { assertListsExist, writeContactFields, writePermission } from "./contact-write";
import { assertTagsExist } from "./contact-tags";
import { ccError, notFound } from "./errors";
import { parseQuery, readJson } from "./json-body";
import { contactView } from "./views";

const ERROR_KEY = "contacts.api.validation.error";
/** What CC sends back after a write: the contact with the sub-resources a client can set. */
const WRITE_INCLUDES = new Set(["list_memberships", "street_addresses", "phone_numbers"]);

function findContact(store: AccountStore, ctx: RequestContext): Contact {
  const contact = store.contact(ctx.params.contact_id ?? "");
  if (!contact) throw notFound("contacts.api.not_found", "The contact was not found.");
  return contact;
}

const conflict = (existing: Contact) =>
  ccError(409, "contacts.api.conflict", `Email already exists for contact ${existing.contactId}`);

export function getContact(ctx: RequestContext, access: AccessContext): Reply {
  const query = parseQuery(ctx.url, z.object({ include: IncludeParam.optional() }), ERROR_KEY);
  return json(200, contactView(findContact(access.store, ctx), new Set(query.include ?? [])));
}

export function putContact(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const contact = findContact(access.store, ctx);
    const body = await readJson(ctx.req, ContactPutRequest, ERROR_KEY);
    assertListsExist(access.store, body.list_memberships);
    assertTagsExist(access.store, body.taggings);
    const now = sandbox.now();
    if (body.email_address) {
      const owner = access.store.contactByEmail(body.email_address.address);
      if (owner && owner !== contact) throw conflict(owner);
      if (owner !== contact) {
        access.store.changeEmail(contact, body.email_address.address);
        contact.emailUpdatedAt = now;
      }
    }
    writeContactFields(contact, body, now);
    writePermission(contact, body.email_address?.permission_to_send, now);
    contact.deletedAt = null; // a PUT revives a deleted contact
    contact.updatedAt = now;
    contact.updateSource = body.update_source;
    sandbox.state.touch();
    return json(200, contactView(contact, WRITE_INCLUDES));
  };
}

export function createContact(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const body = await readJson(ctx.req, ContactPostRequest, ERROR_KEY);
    const address = body.email_address!.address;
    // Deleted contacts still own their email: CC answers 409 for them too.
    const existing = access.store.contactByEmail(address);
    if (existing) throw conflict(existing);
    assertListsExist(access.store, body.list_memberships);
    assertTagsExist(access.store, body.taggings);
    const contact = sandbox.state.createContact(access.store, address, {
      optInSource: body.create_source,
      createSource: body.create_source,
      updateSource: body.create_source,
    });
    writeContactFields(contact, body, sandbox.now());
    writePermission(contact, body.email_address?.permission_to_send, sandbox.now());
    return json(201, contactView(contact, WRITE_INCLUDES));
  };
}

export function deleteContact(sandbox: Sandbox) {
  return (ctx: RequestContext, access: AccessContext): Reply => {
    const contact = findContact(access.store, ctx);
    if (contact.deletedAt !== null) throw notFound("contacts.api.not_found", "The contact was not found.");
    const now = sandbox.now();
    // Deleting strips list memberships; the contact (and its email) stays on record.
    contact.deletedAt = now;
    contact.listIds = [];
    contact.updatedAt = now;
    sandbox.state.touch();
    return { status: 204 };
  };
}
