// POST /v3/activities/contacts_taggings_add, .../contacts_taggings_remove (TagAddRemoveContacts) and
// .../contacts_tags_delete (TagIdList500Limit): 201 + an activity that completes later, like the list memberships.
import { z } from "zod";
import { resolveSource } from "../activities/apply-membership";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { ActivityKind, MembershipSource } from "../model";
import type { AccessContext } from "../oauth/tokens";
import { createdView, queueActivity } from "./activities";
import { Uuid } from "./contact-schemas";
import { assertListsExist } from "./contact-write";
import { assertTagsExist } from "./contact-tags";
import { readJson } from "./json-body";

const ERROR_KEY = "activities.api.validation.error";

const TaggingRequest = z
  .object({
    source: z
      .object({
        contact_ids: z.array(Uuid).min(1).max(500).optional(),
        list_ids: z.array(Uuid).min(1).max(50).optional(),
        tag_ids: z.array(Uuid).min(1).max(50).optional(),
        all_active_contacts: z.boolean().optional(),
        new_subscriber: z.boolean().optional(),
      })
      .strict()
      .refine(
        (s) =>
          [
            s.contact_ids !== undefined,
            s.list_ids !== undefined,
            s.tag_ids !== undefined,
            s.all_active_contacts === true,
            s.new_subscriber === true,
          ].filter(Boolean).length === 1,
        {
          error:
            "exactly one of contact_ids, list_ids, tag_ids, all_active_contacts (true) or new_subscriber (true) is required",
        },
      ),
    exclude: z
      .object({ contact_ids: z.array(Uuid).max(500) })
      .strict()
      .optional(),
    tag_ids: z.array(Uuid).min(1).max(50),
  })
  .strict()
  // CC: "Only applicable if the specified source is either all_active_contacts or list_ids."
  .refine((body) => !body.exclude || body.source.all_active_contacts === true || body.source.list_ids !== undefined, {
    error: "exclude is only allowed with source all_active_contacts or list_ids",
    path: ["exclude"],
  });

export function taggingActivity(
  sandbox: Sandbox,
  kind: Extract<ActivityKind, "contacts_taggings_add" | "contacts_taggings_remove">,
) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const body = await readJson(ctx.req, TaggingRequest, ERROR_KEY);
    assertListsExist(access.store, body.source.list_ids);
    assertTagsExist(access.store, [...body.tag_ids, ...(body.source.tag_ids ?? [])]);
    const source: MembershipSource = {
      contactIds: body.source.contact_ids,
      listIds: body.source.list_ids,
      tagIds: body.source.tag_ids,
      allActiveContacts: body.source.all_active_contacts,
      newSubscriber: body.source.new_subscriber,
      excludeContactIds: body.exclude?.contact_ids,
    };
    const total = resolveSource(access.store, source, sandbox.now()).length;
    const activity = queueActivity(sandbox, access, kind, [], total);
    activity.source = source;
    activity.tagIds = [...new Set(body.tag_ids)];
    return json(201, createdView(activity));
  };
}

const TagsDeleteRequest = z.object({ tag_ids: z.array(Uuid).min(1).max(500) }).strict();

export function tagsDeleteActivity(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const body = await readJson(ctx.req, TagsDeleteRequest, ERROR_KEY);
    // The OpenAPI file lists no 404 here: an unknown id is accepted and reported in the activity's errors.
    const tagIds = [...new Set(body.tag_ids)];
    const activity = queueActivity(sandbox, access, "contacts_tags_delete", [], tagIds.length);
    activity.tagIds = tagIds;
    return json(201, createdView(activity));
  };
}
