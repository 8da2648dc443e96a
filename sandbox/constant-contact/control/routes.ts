// The control API under /__control: JSON, not rate limited, not subject to faults. Documented in sandbox/README.md.
import { z } from "zod";
import { unsubscribe } from "../contact-rules";
import { CC_FAULT_KINDS, type Sandbox } from "../context";
import { json, type Router } from "../../http";
import { revokeGrant } from "../oauth/tokens";
import { MAX_TAGS_PER_CONTACT } from "../contact-rules";
import { addTag, tagCounts, tagView } from "../v3/contact-tags";
import { addCustomField, customFieldView, removeCustomField } from "../v3/custom-fields";
import { addCommonControlRoutes } from "../../control/common-routes";
import { controlError, readControlJson } from "../../control/control-body";
import { campaignsForControl, sendCampaign } from "./campaigns";
import { controlContact, listAccounts, listActivitiesForControl, listContactsForControl, listLists } from "./inspect";
import { resetSandbox } from "./reset";
import { seedRoute } from "./seed-route";

const ConfigInput = z
  .object({
    accessTokenTtlSeconds: z.number().int().positive(),
    requestsPerSecond: z.number().int().positive(),
    dailyQuota: z.number().int().min(0),
    tokenRequestsPerSecond: z.number().int().positive(),
    importDelayMs: z.number().int().min(0),
    logRequests: z.boolean(),
  })
  .partial()
  .strict();

const UnsubscribeInput = z
  .object({ accountEmail: z.string(), email: z.string(), reason: z.string().max(255).optional() })
  .strict();

const ContactExtrasInput = z
  .object({
    accountEmail: z.string(),
    email: z.string(),
    customFields: z.record(z.string().min(1).max(50), z.string().max(255)).optional(),
    tags: z.array(z.string().min(1).max(255)).max(50).optional(),
  })
  .strict();

const RevokeInput = z
  .object({ accountEmail: z.string().optional(), refreshToken: z.string().optional(), clientId: z.string().optional() })
  .strict()
  .refine((input) => input.accountEmail !== undefined || input.refreshToken !== undefined, {
    error: "give accountEmail or refreshToken",
  });

export function addControlRoutes(router: Router, sandbox: Sandbox): void {
  const { state } = sandbox;
  router
    .add("POST", "/__control/reset", () => (resetSandbox(sandbox), json(200, { ok: true })))
    .add("POST", "/__control/seed", (ctx) => seedRoute(sandbox, ctx))
    .add("GET", "/__control/accounts", () => listAccounts(sandbox))
    .add("GET", "/__control/accounts/{email}/lists", (ctx) => listLists(sandbox, ctx))
    .add("GET", "/__control/accounts/{email}/contacts", (ctx) => listContactsForControl(sandbox, ctx))
    .add("GET", "/__control/accounts/{email}/activities", (ctx) => listActivitiesForControl(sandbox, ctx))
    .add("GET", "/__control/accounts/{email}/campaigns", (ctx) => campaignsForControl(sandbox, ctx))
    .add("POST", "/__control/campaigns", (ctx) => sendCampaign(sandbox, ctx))
    .add("POST", "/__control/unsubscribe", async (ctx) => {
      // As if the contact clicked the unsubscribe link in an email: only the email_address part changes.
      const input = await readControlJson(ctx.req, UnsubscribeInput);
      const store = state.storeByEmail(input.accountEmail);
      const contact = store?.contactByEmail(input.email);
      if (!store || !contact) throw controlError(404, `no contact ${input.email} in ${input.accountEmail}`);
      unsubscribe(contact, sandbox.now(), "Contact", input.reason ?? null);
      state.touch();
      return json(200, controlContact(contact, new Map(store.lists.map((l) => [l.listId, l.name])), store));
    })
    .add("POST", "/__control/contact-extras", async (ctx) => {
      // As if the owner edited the contact in CC's own screens: sets custom field values (creating a missing
      // field) and adds tags, so tests can prove the sync leaves what it does not own alone.
      const input = await readControlJson(ctx.req, ContactExtrasInput);
      const store = state.storeByEmail(input.accountEmail);
      const contact = store?.contactByEmail(input.email);
      if (!store || !contact) throw controlError(404, `no contact ${input.email} in ${input.accountEmail}`);
      for (const [label, value] of Object.entries(input.customFields ?? {})) {
        const field =
          store.customFieldByName(label.trim().replace(/\s+/g, "_")) ?? addCustomField(sandbox, store, label, "string");
        contact.customFields[field.customFieldId] = value;
      }
      // Tags are named here (creating a missing one, as the owner can in CC) and stored by id, as CC does.
      // Tag names are unique regardless of case, so "VIP" and "vip" are one tag.
      const byKey = new Map((input.tags ?? []).map((name) => [name.trim().toLowerCase(), name.trim()]));
      const names = [...byKey.values()];
      const fresh = names.filter((name) => {
        const tag = store.tagByName(name);
        return !tag || !contact.tagIds.includes(tag.tagId);
      });
      if (contact.tagIds.length + fresh.length > MAX_TAGS_PER_CONTACT)
        throw controlError(400, `a contact can have at most ${MAX_TAGS_PER_CONTACT} tags`);
      for (const name of fresh) contact.tagIds.push((store.tagByName(name) ?? addTag(sandbox, store, name)).tagId);
      state.touch();
      return json(200, controlContact(contact, new Map(store.lists.map((l) => [l.listId, l.name])), store));
    })
    .add("GET", "/__control/accounts/{email}/custom-fields", (ctx) => {
      const store = state.storeByEmail(ctx.params.email ?? "");
      if (!store) throw controlError(404, `no account ${ctx.params.email}`);
      return json(200, { custom_fields: store.customFields.map(customFieldView) });
    })
    .add("GET", "/__control/accounts/{email}/tags", (ctx) => {
      const store = state.storeByEmail(ctx.params.email ?? "");
      if (!store) throw controlError(404, `no account ${ctx.params.email}`);
      const counts = tagCounts(store);
      return json(200, { tags: store.tags.map((tag) => tagView(tag, counts.get(tag.tagId) ?? 0)) });
    })
    .add("POST", "/__control/custom-fields/delete", async (ctx) => {
      // As if the owner deleted the field in CC: its values go with it.
      const input = await readControlJson(ctx.req, z.object({ accountEmail: z.string(), name: z.string() }).strict());
      const store = state.storeByEmail(input.accountEmail);
      const field = store?.customFieldByName(input.name);
      if (!store || !field) throw controlError(404, `no custom field ${input.name} in ${input.accountEmail}`);
      removeCustomField(sandbox, store, field);
      return json(200, { ok: true });
    })
    .add("POST", "/__control/revoke-grant", async (ctx) => {
      const input = await readControlJson(ctx.req, RevokeInput);
      const accountId =
        input.accountEmail !== undefined ? state.storeByEmail(input.accountEmail)?.account.accountId : undefined;
      if (input.accountEmail !== undefined && !accountId) throw controlError(404, `no account ${input.accountEmail}`);
      const byToken = input.refreshToken !== undefined ? state.refreshTokens.get(input.refreshToken) : undefined;
      let revoked = 0;
      for (const grant of state.grants.values()) {
        const hit =
          grant.grantId === byToken ||
          (accountId !== undefined &&
            grant.accountId === accountId &&
            (!input.clientId || grant.clientId === input.clientId));
        if (hit && grant.revokedAt === null) {
          revokeGrant(state, grant);
          revoked++;
        }
      }
      return json(200, { revoked });
    })
    .add("GET", "/__control/config", () => json(200, sandbox.config))
    .add("POST", "/__control/config", async (ctx) => {
      const input = await readControlJson(ctx.req, ConfigInput);
      Object.assign(sandbox.config, input);
      return json(200, sandbox.config);
    })
    .add("GET", "/__control/rate-limits", () =>
      json(200, { usage: sandbox.rateLimiter.usage(), ...sandbox.rateLimiter.stats() }),
    );
  addCommonControlRoutes(router, {
    state,
    faults: sandbox.faults,
    faultKinds: CC_FAULT_KINDS,
    calls: sandbox.calls,
    onCallsReset: () => sandbox.rateLimiter.resetStats(),
  });
}
