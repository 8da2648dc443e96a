// POST /__control/seed: create an account (or use an existing one), lists, and many contacts at once.
import { z } from "zod";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import { SEED_PASSWORD, seedBulkContacts } from "../seed";
import { controlError, readControlJson } from "../../control/control-body";

const SeedInput = z
  .object({
    account: z
      .object({
        email: z.email(),
        password: z.string().min(1).default(SEED_PASSWORD),
        organizationName: z.string().min(1).optional(),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
      })
      .optional(),
    accountEmail: z.string().optional(),
    lists: z
      .array(
        z.object({
          name: z.string().min(1).max(255),
          description: z.string().optional(),
          favorite: z.boolean().optional(),
        }),
      )
      .max(1000)
      .default([]),
    contacts: z
      .object({
        count: z.number().int().min(0).max(1_000_000),
        /** Lists (by name) every generated contact joins; `listName` is the one-list shorthand. */
        listNames: z.array(z.string()).max(50).optional(),
        listName: z.string().optional(),
        unsubscribedEvery: z.number().int().min(0).default(0),
        emailPrefix: z.string().min(1).default("client"),
        emailDomain: z.string().min(1).default("example.com"),
      })
      .optional(),
  })
  .strict()
  .refine((input) => (input.account === undefined) !== (input.accountEmail === undefined), {
    error: "give either account (to create) or accountEmail (an existing account)",
  });

export async function seedRoute(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const input = await readControlJson(ctx.req, SeedInput);
  const { state } = sandbox;
  let store;
  if (input.account) {
    if (state.storeByEmail(input.account.email))
      throw controlError(409, `account ${input.account.email} already exists`);
    store = state.createAccount({
      ...input.account,
      organizationName: input.account.organizationName ?? `${input.account.email} Marketing`,
    });
  } else {
    store = state.storeByEmail(input.accountEmail ?? "");
    if (!store) throw controlError(404, `no account ${input.accountEmail}`);
  }
  // Lists are found by name first, so seeding twice does not duplicate them.
  const lists = input.lists.map(
    (list) => store.lists.find((l) => l.name === list.name) ?? state.createList(store, list),
  );
  let contacts = { created: 0, skipped: 0, unsubscribed: 0 };
  if (input.contacts) {
    const names = [...(input.contacts.listNames ?? []), ...(input.contacts.listName ? [input.contacts.listName] : [])];
    const listIds = names.map((name) => {
      const list = store.lists.find((l) => l.name === name);
      if (!list) throw controlError(400, `no list named ${name} in ${store.account.email}`);
      return list.listId;
    });
    contacts = seedBulkContacts(state, store, { ...input.contacts, listIds });
  }
  return json(201, {
    accountEmail: store.account.email,
    accountId: store.account.accountId,
    encodedAccountId: store.account.encodedAccountId,
    lists: lists.map((list) => ({ list_id: list.listId, name: list.name })),
    contacts,
  });
}
