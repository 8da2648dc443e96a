// The Mailchimp sandbox's control API under /__control: JSON, never counted, limited or faulted. Besides the shared
// routes (faults, calls, clock), it seeds and inspects accounts, adds members directly (as an earlier import would),
// and plays a person in Mailchimp: someone unsubscribing, an address bouncing, a profile edit, the owner removing
// the app. Those "user" changes fire the list's webhooks like the real thing.
import { z } from "zod";
import { addCommonControlRoutes } from "../../control/common-routes";
import { controlError, readControlJson } from "../../control/control-body";
import { json, type Router } from "../../http";
import { checkMergeFields, setStatus } from "../api/member-write";
import { MC_FAULT_KINDS, type McSandbox } from "../context";
import { subscriberHash } from "../ids";
import { MEMBER_STATUSES, type Member } from "../model";
import { revokeTokens } from "../oauth/oauth";
import { pickMailchimpConfig } from "../options";
import { addMember, SEED_PASSWORD, seedBulkMembers, seedDemo } from "../seed";
import type { AccountStore, ListStore } from "../state";
import { fireEvent, type MemberEvent } from "../webhooks/events";
import { accountView, batchSummary, controlMember, deliveryView, listSummary } from "./inspect";

const ConfigInput = z
  .object({
    maxConnections: z.number().int().positive(),
    batchSubscribeMsPerMember: z.number().min(0),
    batchBaseMs: z.number().int().min(0),
    batchMsPerOperation: z.number().min(0),
    webhookRetryDelaysMs: z.array(z.number().int().min(0)).max(50),
    webhookTimeoutMs: z.number().int().positive(),
    logRequests: z.boolean(),
  })
  .partial()
  .strict();

const SeedInput = z
  .object({
    account: z
      .object({
        email: z.email(),
        password: z.string().min(1).default(SEED_PASSWORD),
        accountName: z.string().min(1).optional(),
      })
      .optional(),
    accountEmail: z.string().optional(),
    /** Audiences to create (found by name first). */
    lists: z.array(z.object({ name: z.string().min(1).max(100) })).default([]),
    members: z
      .object({
        list: z.string(),
        count: z.number().int().min(0).max(1_000_000),
        unsubscribedEvery: z.number().int().min(0).default(0),
        cleanedEvery: z.number().int().min(0).default(0),
        emailPrefix: z.string().min(1).default("client"),
        emailDomain: z.string().min(1).default("example.com"),
      })
      .optional(),
  })
  .strict()
  .refine((input) => (input.account === undefined) !== (input.accountEmail === undefined), {
    error: "give either account (to create) or accountEmail (an existing account)",
  });

const AddMembersInput = z
  .object({
    accountEmail: z.string(),
    list: z.string(),
    members: z
      .array(
        z
          .object({
            email: z.string().min(3),
            status: z.enum([...MEMBER_STATUSES, "archived"]).default("subscribed"),
            mergeFields: z.record(z.string(), z.unknown()).optional(),
            /** Group names, "Category: Interest" or just "Interest". */
            interests: z.array(z.string()).optional(),
            tags: z.array(z.string()).optional(),
            unsubscribeReason: z.string().optional(),
          })
          .strict(),
      )
      .max(100_000),
  })
  .strict();

const PersonInput = z
  .object({
    accountEmail: z.string(),
    email: z.string(),
    /** An audience (name or id); without it, every audience of the account the address is in. */
    list: z.string().optional(),
    campaignId: z.string().optional(),
  })
  .strict();

export function addMailchimpControlRoutes(router: Router, sandbox: McSandbox, reset: () => void): void {
  const { state } = sandbox;
  const account = (email: string): AccountStore => {
    const store = state.storeByEmail(email);
    if (!store) throw controlError(404, `no account ${email}`);
    return store;
  };
  const listOf = (store: AccountStore, key: string): ListStore => {
    const list = store.list(key) ?? store.listByName(key);
    if (!list) throw controlError(404, `no audience ${key} in ${store.account.email}`);
    return list;
  };
  /** The person's membership in one audience, or in each audience of the account. */
  const memberships = (input: z.infer<typeof PersonInput>) => {
    const store = account(input.accountEmail);
    const lists = input.list ? [listOf(store, input.list)] : store.lists;
    const found = lists
      .map((list) => ({ list, member: list.member(subscriberHash(input.email.trim())) }))
      .filter(
        (m): m is { list: ListStore; member: Member } => m.member !== undefined && m.member.status !== "archived",
      );
    if (found.length === 0) throw controlError(404, `${input.email} is in no audience of ${input.accountEmail}`);
    return { store, found };
  };

  router
    .add("POST", "/__control/reset", () => (reset(), json(200, { ok: true })))
    .add("POST", "/__control/seed", async (ctx) => {
      const input = await readControlJson(ctx.req, SeedInput);
      let store: AccountStore;
      if (input.account) {
        if (state.storeByEmail(input.account.email))
          throw controlError(409, `account ${input.account.email} already exists`);
        store = state.createAccount({
          email: input.account.email,
          password: input.account.password,
          accountName: input.account.accountName ?? `${input.account.email.split("@")[0]} Studio`,
          dc: sandbox.options.dc,
        });
      } else store = account(input.accountEmail ?? "");
      for (const { name } of input.lists) if (!store.listByName(name)) state.createList(store, name);
      let members = { created: 0, skipped: 0, unsubscribed: 0, cleaned: 0 };
      if (input.members) members = seedBulkMembers(state, store, listOf(store, input.members.list), input.members);
      return json(201, { ...accountView(store), members });
    })
    .add("GET", "/__control/accounts", () => json(200, { accounts: [...state.accounts.values()].map(accountView) }))
    .add("GET", "/__control/accounts/{email}/lists", (ctx) =>
      json(200, { lists: account(ctx.params.email ?? "").lists.map(listSummary) }),
    )
    .add("GET", "/__control/accounts/{email}/members", (ctx) => {
      const store = account(ctx.params.email ?? "");
      const q = ctx.url.searchParams;
      const lists = q.get("list") ? [listOf(store, q.get("list")!)] : store.lists;
      const email = q.get("email")?.trim().toLowerCase();
      const status = q.get("status");
      const limit = Math.min(Number(q.get("limit") ?? 1000) || 1000, 100_000);
      const members = lists.flatMap((list) =>
        list.members
          .filter((m) => (!email || m.emailAddress.toLowerCase() === email) && (!status || m.status === status))
          .map((m) => controlMember(list, m)),
      );
      return json(200, { total: members.length, members: members.slice(0, limit) });
    })
    .add("POST", "/__control/members", async (ctx) => {
      // As if these people had been imported into the audience earlier: no webhook, no API call counted.
      const input = await readControlJson(ctx.req, AddMembersInput);
      const store = account(input.accountEmail);
      const list = listOf(store, input.list);
      const added = input.members.map((person) => {
        if (list.member(subscriberHash(person.email.trim())))
          throw controlError(409, `${person.email} is already in ${list.list.name}`);
        const status = person.status === "archived" ? "unsubscribed" : person.status;
        const member = addMember(state, list, person.email.trim(), status, "Import");
        if (person.status === "archived") {
          member.statusBeforeArchive = "unsubscribed";
          member.status = "archived";
        }
        try {
          member.mergeFields = checkMergeFields(list, {}, person.mergeFields, true);
        } catch {
          throw controlError(400, `invalid merge fields for ${person.email}`);
        }
        for (const name of person.interests ?? []) {
          const interest = list.interests.find(
            (i) =>
              i.name === name || `${list.categories.find((c) => c.id === i.categoryId)?.title}: ${i.name}` === name,
          );
          if (!interest) throw controlError(400, `no group ${name} in ${list.list.name}`);
          member.interests[interest.id] = true;
        }
        for (const name of person.tags ?? []) {
          let tag = list.tagByName(name);
          if (!tag) list.tags.push((tag = { id: state.nextTagId++, name: name.trim() }));
          member.tags.push({ tagId: tag.id, addedAt: sandbox.now() });
        }
        member.unsubscribeReason = person.unsubscribeReason ?? "";
        return controlMember(list, member);
      });
      state.touch();
      return json(201, { members: added });
    })
    .add("POST", "/__control/unsubscribe", async (ctx) => {
      // The person clicks "unsubscribe" in a campaign (or reports it as spam, reason "abuse").
      const input = await readControlJson(
        ctx.req,
        PersonInput.extend({
          reason: z.enum(["manual", "abuse"]).default("manual"),
          unsubscribeReason: z.string().optional(),
        }).strict(),
      );
      const { store, found } = memberships(input);
      const changed = found.filter(({ member }) => member.status !== "unsubscribed" && member.status !== "cleaned");
      for (const { list, member } of changed) {
        setStatus(list, member, "unsubscribed", sandbox.now(), false);
        member.unsubscribeReason =
          input.unsubscribeReason ??
          (input.reason === "abuse" ? "Spam report" : "N/A (Unsubscribed by the subscriber)");
        member.lastChanged = sandbox.now();
        const event: MemberEvent = {
          type: "unsubscribe",
          action: "unsub",
          reason: input.reason,
          campaignId: input.campaignId,
        };
        fireEvent(sandbox, store, list, member, event, "user");
      }
      state.touch();
      return json(200, {
        members: found.map(({ list, member }) => controlMember(list, member)),
        changed: changed.length,
      });
    })
    .add("POST", "/__control/clean", async (ctx) => {
      // The address hard-bounces (or its owner complains: "abuse"): Mailchimp cleans it.
      const input = await readControlJson(
        ctx.req,
        PersonInput.extend({ reason: z.enum(["hard", "abuse"]).default("hard") }).strict(),
      );
      const { store, found } = memberships(input);
      const changed = found.filter(({ member }) => member.status !== "cleaned");
      for (const { list, member } of changed) {
        member.status = "cleaned";
        member.statusBeforeArchive = null;
        member.lastChanged = sandbox.now();
        fireEvent(
          sandbox,
          store,
          list,
          member,
          { type: "cleaned", reason: input.reason, campaignId: input.campaignId },
          "user",
        );
      }
      state.touch();
      return json(200, {
        members: found.map(({ list, member }) => controlMember(list, member)),
        changed: changed.length,
      });
    })
    .add("POST", "/__control/profile", async (ctx) => {
      // The person edits their profile through Mailchimp's "update preferences" page.
      const input = await readControlJson(
        ctx.req,
        PersonInput.extend({
          mergeFields: z.record(z.string(), z.unknown()).optional(),
          newEmail: z.string().optional(),
        }).strict(),
      );
      const { store, found } = memberships(input);
      for (const { list, member } of found) {
        if (input.newEmail && subscriberHash(input.newEmail) !== member.id) {
          if (list.member(subscriberHash(input.newEmail)))
            throw controlError(409, `${input.newEmail} is already in ${list.list.name}`);
          const oldEmail = member.emailAddress;
          list.changeEmail(member, input.newEmail.trim());
          fireEvent(sandbox, store, list, member, { type: "upemail", oldEmail }, "user");
        }
        if (input.mergeFields) {
          member.mergeFields = checkMergeFields(list, member.mergeFields, input.mergeFields, true);
          fireEvent(sandbox, store, list, member, { type: "profile" }, "user");
        }
        member.lastChanged = sandbox.now();
      }
      state.touch();
      return json(200, { members: found.map(({ list, member }) => controlMember(list, member)) });
    })
    .add("POST", "/__control/revoke-token", async (ctx) => {
      // The owner removes the app in Mailchimp (Account → Connected apps): its tokens answer 401 from now on.
      const input = await readControlJson(
        ctx.req,
        z.object({ accountEmail: z.string(), clientId: z.string().optional() }).strict(),
      );
      return json(200, { revoked: revokeTokens(sandbox, account(input.accountEmail).account.userId, input.clientId) });
    })
    .add("GET", "/__control/webhooks", (ctx) => {
      const email = ctx.url.searchParams.get("accountEmail");
      const stores = email ? [account(email)] : [...state.accounts.values()];
      const webhooks = stores.flatMap((store) =>
        store.lists.flatMap((list) =>
          list.webhooks.map((w) => ({
            account: store.account.email,
            list: list.list.name,
            list_id: w.listId,
            id: w.id,
            url: w.url,
            events: w.events,
            sources: w.sources,
            enabled: w.enabled,
          })),
        ),
      );
      return json(200, { webhooks });
    })
    .add("GET", "/__control/webhook-deliveries", (ctx) => {
      const q = ctx.url.searchParams;
      const deliveries = state.deliveries.filter(
        (d) =>
          (!q.get("accountEmail") || d.accountEmail.toLowerCase() === q.get("accountEmail")!.toLowerCase()) &&
          (!q.get("list") || d.listId === q.get("list")) &&
          (!q.get("type") || d.type === q.get("type")) &&
          (!q.get("state") || d.state === q.get("state")),
      );
      return json(200, { deliveries: deliveries.map(deliveryView) });
    })
    .add("POST", "/__control/webhook-deliveries/flush", async () => {
      // Runs every attempt that is due on the sandbox clock now, and waits for them.
      await sandbox.webhooks.flush();
      return json(200, { pending: state.deliveries.filter((d) => d.state === "pending").length });
    })
    .add("GET", "/__control/batches", (ctx) => {
      const email = ctx.url.searchParams.get("accountEmail");
      const userId = email ? account(email).account.userId : undefined;
      const batches = [...state.batches.values()]
        .filter((b) => userId === undefined || b.userId === userId)
        .map((b) => batchSummary(sandbox, b.id));
      return json(200, { batches });
    })
    .add("GET", "/__control/connections", () => json(200, sandbox.connections.stats()))
    .add("GET", "/__control/config", () => json(200, sandbox.config))
    .add("POST", "/__control/config", async (ctx) => {
      Object.assign(sandbox.config, await readControlJson(ctx.req, ConfigInput));
      return json(200, sandbox.config);
    });
  addCommonControlRoutes(router, {
    state,
    faults: sandbox.faults,
    faultKinds: MC_FAULT_KINDS,
    calls: sandbox.calls,
    callsView: () => ({
      ...sandbox.calls.snapshot(),
      log: sandbox.calls.log().entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    }),
    onCallsReset: () => sandbox.connections.resetStats(),
  });
}

/** Back to the start: seed data, no faults, no calls, start-up config. */
export function resetMailchimpSandbox(sandbox: McSandbox): void {
  sandbox.state.clear();
  sandbox.state.clockOffsetMs = 0;
  if (sandbox.options.seed) seedDemo(sandbox.state, sandbox.options.dc);
  sandbox.faults.clear();
  sandbox.calls.reset();
  sandbox.connections.resetStats();
  Object.assign(sandbox.config, pickMailchimpConfig(sandbox.options));
}
