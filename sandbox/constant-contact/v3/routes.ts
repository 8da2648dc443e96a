// The V3 endpoints the integration uses, each behind the token / rate-limit / scope gate.
import type { Sandbox } from "../context";
import type { Router } from "../../http";
import { accountSummary } from "./account";
import { getActivity, jsonImport, listActivities, listMembershipActivity } from "./activities";
import { createContactList, getContactList, listContactLists } from "./contact-lists";
import { createContact, deleteContact, getContact, putContact } from "./contact-resource";
import { listContacts } from "./contacts-collection";
import { createTag, deleteTag, getTag, listTags, putTag } from "./contact-tags";
import { createCustomField, deleteCustomField, listCustomFields } from "./custom-fields";
import { bounceReport, getEmail, listEmails } from "./emails";
import { apiRoute, type Scope } from "./api-route";
import { signUpForm } from "./sign-up-form";
import { tagsDeleteActivity, taggingActivity } from "./tagging-activities";

export function addV3Routes(router: Router, sandbox: Sandbox): void {
  const api = (scope: Scope, handler: Parameters<typeof apiRoute>[2]) => apiRoute(sandbox, scope, handler);
  router
    .add("GET", "/v3/account/summary", api("account_read", accountSummary))
    .add("GET", "/v3/contact_lists", api("contact_data", listContactLists))
    .add("POST", "/v3/contact_lists", api("contact_data", createContactList(sandbox)))
    .add("GET", "/v3/contact_lists/{list_id}", api("contact_data", getContactList))
    .add("GET", "/v3/contact_custom_fields", api("contact_data", listCustomFields))
    .add("POST", "/v3/contact_custom_fields", api("contact_data", createCustomField(sandbox)))
    .add("DELETE", "/v3/contact_custom_fields/{custom_field_id}", api("contact_data", deleteCustomField(sandbox)))
    .add("GET", "/v3/contact_tags", api("contact_data", listTags))
    .add("POST", "/v3/contact_tags", api("contact_data", createTag(sandbox)))
    .add("GET", "/v3/contact_tags/{tag_id}", api("contact_data", getTag))
    .add("PUT", "/v3/contact_tags/{tag_id}", api("contact_data", putTag(sandbox)))
    .add("DELETE", "/v3/contact_tags/{tag_id}", api("contact_data", deleteTag(sandbox)))
    .add("GET", "/v3/contacts", api("contact_data", listContacts))
    .add("POST", "/v3/contacts", api("contact_data", createContact(sandbox)))
    .add("POST", "/v3/contacts/sign_up_form", api("contact_data", signUpForm(sandbox)))
    .add("GET", "/v3/contacts/{contact_id}", api("contact_data", getContact))
    .add("PUT", "/v3/contacts/{contact_id}", api("contact_data", putContact(sandbox)))
    .add("DELETE", "/v3/contacts/{contact_id}", api("contact_data", deleteContact(sandbox)))
    .add("POST", "/v3/activities/contacts_json_import", api("contact_data", jsonImport(sandbox)))
    .add(
      "POST",
      "/v3/activities/add_list_memberships",
      api("contact_data", listMembershipActivity(sandbox, "add_list_memberships")),
    )
    .add(
      "POST",
      "/v3/activities/remove_list_memberships",
      api("contact_data", listMembershipActivity(sandbox, "remove_list_memberships")),
    )
    .add(
      "POST",
      "/v3/activities/contacts_taggings_add",
      api("contact_data", taggingActivity(sandbox, "contacts_taggings_add")),
    )
    .add(
      "POST",
      "/v3/activities/contacts_taggings_remove",
      api("contact_data", taggingActivity(sandbox, "contacts_taggings_remove")),
    )
    .add("POST", "/v3/activities/contacts_tags_delete", api("contact_data", tagsDeleteActivity(sandbox)))
    .add("GET", "/v3/activities", api("contact_data", listActivities(sandbox)))
    .add("GET", "/v3/activities/{activity_id}", api("contact_data", getActivity(sandbox)))
    .add("GET", "/v3/emails", api("campaign_data", listEmails))
    .add("GET", "/v3/emails/{campaign_id}", api("campaign_data", getEmail))
    .add(
      "GET",
      "/v3/reports/email_reports/{campaign_activity_id}/tracking/bounces",
      api("campaign_data", bounceReport),
    );
}
