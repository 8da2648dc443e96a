// POST /v3/contacts/sign_up_form: upsert by email that asserts the contact's own consent. It sets
// permission_to_send=explicit (even for a contact who had unsubscribed), appends lists and only changes the fields
// sent. That is why background sync must never use it.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sandbox } from "../context";
import { MAX_LISTS_PER_CONTACT } from "../contact-rules";
import { json, type Reply, type RequestContext } from "../../http";
import type { Contact } from "../model";
import type { AccessContext } from "../oauth/tokens";
import { newCity } from "../seed";
import { CustomFieldInput, EmailAddressInput, StreetAddressInput, text, Uuid } from "./contact-schemas";
import { assertListsExist } from "./contact-write";
import { ccError } from "./errors";
import { readJson } from "./json-body";

const SignUpInput = z
  .object({
    email_address: EmailAddressInput(50),
    first_name: text(50),
    last_name: text(50),
    job_title: text(50),
    company_name: text(50),
    phone_number: text(25),
    list_memberships: z.array(Uuid).min(1).max(50),
    custom_fields: z.array(CustomFieldInput).max(50).optional(),
    anniversary: text(10),
    birthday_month: z.number().int().min(1).max(12).nullish(),
    birthday_day: z.number().int().min(1).max(31).nullish(),
    street_address: StreetAddressInput.optional(),
  })
  .strict();
type SignUpInput = z.infer<typeof SignUpInput>;

export function signUpForm(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const input = await readJson(ctx.req, SignUpInput, "contacts.api.validation.error");
    assertListsExist(access.store, input.list_memberships);
    const now = sandbox.now();
    const existing = access.store.contactByEmail(input.email_address);
    const contact =
      existing ??
      sandbox.state.createContact(access.store, input.email_address, {
        permission: "explicit",
        optInSource: "Contact",
        createSource: "Contact",
        updateSource: "Contact",
      });
    const lists = [...new Set([...contact.listIds, ...input.list_memberships])];
    if (lists.length > MAX_LISTS_PER_CONTACT)
      throw ccError(400, "contacts.api.validation.error", "A contact can be a member of at most 50 lists.");
    writePartial(contact, input, now);
    contact.listIds = lists;
    if (contact.permission !== "explicit" || contact.optOutDate !== null) {
      contact.permission = "explicit";
      contact.optInSource = "Contact";
      contact.optInDate = now;
      contact.optOutSource = null;
      contact.optOutDate = null;
      contact.optOutReason = null;
      contact.emailUpdatedAt = now;
    }
    contact.deletedAt = null; // updating a deleted contact restores it
    contact.updatedAt = now;
    contact.updateSource = "Contact";
    sandbox.state.touch();
    return json(existing ? 200 : 201, { contact_id: contact.contactId, action: existing ? "updated" : "created" });
  };
}

function writePartial(contact: Contact, input: SignUpInput, now: number): void {
  if (input.first_name !== undefined) contact.firstName = input.first_name;
  if (input.last_name !== undefined) contact.lastName = input.last_name;
  if (input.job_title !== undefined) contact.jobTitle = input.job_title;
  if (input.company_name !== undefined) contact.companyName = input.company_name;
  if (input.anniversary !== undefined) contact.anniversary = input.anniversary;
  if (input.birthday_month !== undefined) contact.birthdayMonth = input.birthday_month;
  if (input.birthday_day !== undefined) contact.birthdayDay = input.birthday_day;
  if (input.phone_number)
    contact.phoneNumbers = [
      { phoneNumberId: randomUUID(), phoneNumber: input.phone_number, kind: "home", createdAt: now, updatedAt: now },
    ];
  if (input.street_address) {
    const address = contact.streetAddress ?? newCity(null, now);
    address.kind = input.street_address.kind;
    if (input.street_address.street !== undefined) address.street = input.street_address.street;
    if (input.street_address.city !== undefined) address.city = input.street_address.city;
    if (input.street_address.state !== undefined) address.state = input.street_address.state;
    if (input.street_address.postal_code !== undefined) address.postalCode = input.street_address.postal_code;
    if (input.street_address.country !== undefined) address.country = input.street_address.country;
    address.updatedAt = now;
    contact.streetAddress = address;
  }
}
