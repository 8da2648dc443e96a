// The parts of Mailchimp's answers we rely on, checked with zod (loose: Mailchimp adds fields freely).
import { z } from "zod";

/** POST /oauth2/token: tokens never expire and there is no refresh token (`expires_in` 0, `scope` null). */
export const TokenSchema = z.object({ access_token: z.string().min(1) }).loose();

/** GET /oauth2/metadata: the account behind a token, and the API endpoint every later call must use. */
export const MetadataSchema = z
  .object({
    dc: z.string().min(1),
    accountname: z.string().nullish(),
    user_id: z.union([z.string(), z.number()]).transform(String),
    api_endpoint: z.url(),
    login: z.object({ email: z.string().nullish(), login_name: z.string().nullish() }).loose().nullish(),
  })
  .loose();
export type Metadata = z.infer<typeof MetadataSchema>;

export const ProblemSchema = z
  .object({
    title: z.string().nullish(),
    detail: z.string().nullish(),
    status: z.number().nullish(),
    errors: z.array(z.object({ field: z.string().nullish(), message: z.string().nullish() }).loose()).nullish(),
  })
  .loose();

export const AudienceSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    stats: z.object({ member_count: z.number().nullish() }).loose().nullish(),
  })
  .loose();
export type Audience = z.infer<typeof AudienceSchema>;

export const AudiencesPageSchema = z.object({ lists: z.array(AudienceSchema), total_items: z.number() }).loose();

export const MemberStatus = z.enum(["subscribed", "unsubscribed", "cleaned", "pending", "transactional", "archived"]);

export const MemberSchema = z
  .object({
    id: z.string().nullish(),
    email_address: z.string(),
    status: MemberStatus,
    last_changed: z.string().nullish(),
  })
  .loose();
export type Member = z.infer<typeof MemberSchema>;

export const MembersPageSchema = z.object({ members: z.array(MemberSchema), total_items: z.number() }).loose();

/** POST /lists/{list_id}: always 200; members that failed are in `errors`. */
export const BatchSubscribeSchema = z
  .object({
    new_members: z.array(MemberSchema).default([]),
    updated_members: z.array(MemberSchema).default([]),
    errors: z
      .array(
        z
          .object({
            email_address: z.string().nullish(),
            error: z.string().nullish(),
            error_code: z.string().nullish(),
          })
          .loose(),
      )
      .default([]),
    error_count: z.number().default(0),
  })
  .loose();
export type BatchSubscribeResult = z.infer<typeof BatchSubscribeSchema>;

export const MergeFieldSchema = z
  .object({ merge_id: z.number(), tag: z.string(), name: z.string(), type: z.string() })
  .loose();
export const MergeFieldsSchema = z.object({ merge_fields: z.array(MergeFieldSchema) }).loose();

export const InterestCategorySchema = z.object({ id: z.string(), title: z.string() }).loose();
export const InterestCategoriesSchema = z.object({ categories: z.array(InterestCategorySchema) }).loose();
export const InterestSchema = z.object({ id: z.string(), name: z.string() }).loose();
export const InterestsSchema = z.object({ interests: z.array(InterestSchema) }).loose();

export const WebhookSchema = z.object({ id: z.string(), url: z.string() }).loose();
export const WebhooksSchema = z.object({ webhooks: z.array(WebhookSchema) }).loose();

export const NoContent = z.unknown();
