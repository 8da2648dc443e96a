// Request schemas shared by the contact endpoints, with the limits of the OpenAPI file.
import { z } from "zod";
import { isValidEmail } from "../contact-rules";
import { PERMISSIONS } from "../model";

/** Any 8-4-4-4-12 hex id: CC's own ids are v1 UUIDs, ours v4. */
export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "must be a UUID" });

export const text = (max: number) => z.string().max(max).nullish();

export const EmailAddressInput = (max: number) =>
  z.string().trim().min(1).max(max).refine(isValidEmail, { error: "is not a valid email address" });

/** Loose: a client may PUT back what it GOT, read-only fields included. */
export const StreetAddressInput = z
  .object({
    kind: z.enum(["home", "work", "other"]),
    street: text(255),
    city: text(50),
    state: text(50),
    postal_code: text(50),
    country: text(50),
  })
  .loose();

export const PhoneNumberInput = z
  .object({ phone_number: z.string().max(25), kind: z.enum(["home", "work", "mobile", "other"]) })
  .loose();

export const CustomFieldInput = z.object({ custom_field_id: Uuid, value: z.string().max(255) }).loose();

/** The writable contact fields common to POST and PUT (ContactPostRequest / ContactPutRequest). */
export const ContactFields = {
  email_address: z
    .object({ address: EmailAddressInput(80), permission_to_send: z.enum(PERMISSIONS).optional() })
    .loose()
    .optional(),
  first_name: text(50),
  last_name: text(50),
  job_title: text(50),
  company_name: text(50),
  birthday_month: z.number().int().min(1).max(12).nullish(),
  birthday_day: z.number().int().min(1).max(31).nullish(),
  anniversary: text(10),
  custom_fields: z.array(CustomFieldInput).max(25).optional(),
  phone_numbers: z.array(PhoneNumberInput).max(2).optional(),
  street_addresses: z.array(StreetAddressInput).max(1).optional(),
  list_memberships: z.array(Uuid).max(50).optional(),
  taggings: z.array(Uuid).max(50).optional(),
  notes: z.array(z.unknown()).max(150).optional(),
};

/** The fields a POST or PUT body may write, without the loose index signature (for typing the writers). */
export type ContactBody = z.infer<z.ZodObject<typeof ContactFields>>;

export const ContactPutRequest = z.object({ ...ContactFields, update_source: z.enum(["Account", "Contact"]) }).loose();
export type ContactPutRequest = z.infer<typeof ContactPutRequest>;

export const ContactPostRequest = z
  .object({ ...ContactFields, create_source: z.enum(["Account", "Contact"]) })
  .loose()
  // The sandbox keys contacts by email, so unlike CC it insists on one (CC also accepts a name alone).
  .refine((body) => body.email_address !== undefined, { error: "email_address is required", path: ["email_address"] });
export type ContactPostRequest = z.infer<typeof ContactPostRequest>;
