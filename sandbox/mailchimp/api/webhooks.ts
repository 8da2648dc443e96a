// /lists/{list_id}/webhooks. Creating one makes Mailchimp GET the URL first (User-Agent `MailChimp.com WebHook
// Validator`): anything but a 2xx within 10 s refuses the create. The same URL twice on a list is refused, even with
// different query parameters (mailchimp-client-lib-codegen#11).
import { z } from "zod";
import { json, type Reply } from "../../http";
import { hexId } from "../ids";
import type { Webhook, WebhookEvents, WebhookSources } from "../model";
import { invalidResource, notFound } from "../problem";
import { parseBody } from "./body";
import type { ApiContext } from "./context";
import { links } from "./format";
import { listOf } from "./lookup";
import { webhookView } from "./views";

export const VALIDATOR_USER_AGENT = "MailChimp.com WebHook Validator";

const Events = z
  .object({
    subscribe: z.boolean(),
    unsubscribe: z.boolean(),
    profile: z.boolean(),
    cleaned: z.boolean(),
    upemail: z.boolean(),
    campaign: z.boolean(),
  })
  .partial()
  .passthrough();
const Sources = z.object({ user: z.boolean(), admin: z.boolean(), api: z.boolean() }).partial().passthrough();
const CreateBody = z.object({ url: z.string(), events: Events.optional(), sources: Sources.optional() }).passthrough();
const UpdateBody = CreateBody.partial().passthrough();

/** What an omitted `events` / `sources` means (not documented; these are the boxes Mailchimp's form ticks). */
const DEFAULT_EVENTS: WebhookEvents = {
  subscribe: true,
  unsubscribe: true,
  profile: true,
  cleaned: true,
  upemail: true,
  campaign: true,
};
const DEFAULT_SOURCES: WebhookSources = { user: true, admin: true, api: false };

function webhookOf(ctx: ApiContext) {
  const list = listOf(ctx);
  const webhook = list.webhooks.find((w) => w.id === ctx.params.webhook_id);
  if (!webhook) throw notFound();
  return { list, webhook };
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`.toLowerCase();
}

async function checkUrl(ctx: ApiContext, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidResource([{ field: "url", message: "Please enter a valid URL." }]);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw invalidResource([{ field: "url", message: "Please enter a valid URL." }]);
  let code = 0;
  try {
    const response = await fetch(url, {
      method: "GET",
      headers: { "user-agent": VALIDATOR_USER_AGENT },
      redirect: "manual",
      signal: AbortSignal.timeout(ctx.sandbox.config.webhookTimeoutMs),
    });
    code = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch {
    code = 0; // unreachable or too slow
  }
  if (code < 200 || code >= 300)
    throw invalidResource(
      [
        {
          field: "url",
          message: `We couldn't verify the URL is working. Please double check and try again. HTTP Code: ${code}`,
        },
      ],
      `We couldn't verify the URL is working. Please double check and try again. HTTP Code: ${code}`,
    );
}

export function listWebhooks(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const listId = list.list.listId;
  return json(200, {
    webhooks: list.webhooks.map((w) => webhookView(ctx.sandbox, w)),
    list_id: listId,
    total_items: list.webhooks.length,
    _links: links(ctx.sandbox, `/lists/${listId}/webhooks`, [["create", `/lists/${listId}/webhooks`, "POST"]]),
  });
}

export function getWebhook(ctx: ApiContext): Reply {
  return json(200, webhookView(ctx.sandbox, webhookOf(ctx).webhook));
}

export async function createWebhook(ctx: ApiContext): Promise<Reply> {
  const list = listOf(ctx);
  const input = parseBody(CreateBody, await ctx.body());
  await checkUrl(ctx, input.url);
  const key = withoutQuery(input.url);
  if (list.webhooks.some((w) => withoutQuery(w.url) === key))
    throw invalidResource([
      { field: "url", message: "Sorry, you can't use the same URL more than once for an audience's webhooks." },
    ]);
  const webhook: Webhook = {
    id: hexId(10),
    listId: list.list.listId,
    url: input.url,
    events: { ...DEFAULT_EVENTS, ...known(input.events, DEFAULT_EVENTS) },
    sources: { ...DEFAULT_SOURCES, ...known(input.sources, DEFAULT_SOURCES) },
    enabled: true,
    createdAt: ctx.sandbox.now(),
  };
  list.webhooks.push(webhook);
  ctx.sandbox.state.touch();
  return json(200, webhookView(ctx.sandbox, webhook));
}

export async function updateWebhook(ctx: ApiContext): Promise<Reply> {
  const { list, webhook } = webhookOf(ctx);
  const input = parseBody(UpdateBody, await ctx.body());
  if (input.url !== undefined && input.url !== webhook.url) {
    await checkUrl(ctx, input.url);
    const key = withoutQuery(input.url);
    if (list.webhooks.some((w) => w !== webhook && withoutQuery(w.url) === key))
      throw invalidResource([
        { field: "url", message: "Sorry, you can't use the same URL more than once for an audience's webhooks." },
      ]);
    webhook.url = input.url;
  }
  Object.assign(webhook.events, known(input.events, DEFAULT_EVENTS));
  Object.assign(webhook.sources, known(input.sources, DEFAULT_SOURCES));
  ctx.sandbox.state.touch();
  return json(200, webhookView(ctx.sandbox, webhook));
}

export function deleteWebhook(ctx: ApiContext): Reply {
  const { list, webhook } = webhookOf(ctx);
  list.webhooks = list.webhooks.filter((w) => w !== webhook);
  ctx.sandbox.state.touch();
  return { status: 204 };
}

/** The flags of `value` that `defaults` knows (others, like beta SMS events, are accepted and ignored). */
function known<T extends object>(value: Record<string, unknown> | undefined, defaults: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([key, v]) => key in defaults && typeof v === "boolean"),
  ) as Partial<T>;
}
