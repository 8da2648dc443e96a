// GET /: a read-only look at what the sandbox holds. Contacts are capped per account so 100,000 of them still
// render quickly; ?account=&list=&q= narrow the view.
import type { Sandbox } from "../context";
import type { Contact } from "../model";
import type { AccountStore } from "../state";
import { customFieldsByName, tagNames } from "../control/inspect";
import { membershipCounts } from "../v3/contact-lists";
import { escapeHtml, layout } from "../../pages/html";
import { CC_BRAND } from "./brand";

const CONTACTS_SHOWN = 200;

export function homePage(sandbox: Sandbox, url: URL): string {
  const accountFilter = url.searchParams.get("account")?.trim().toLowerCase() ?? "";
  const listFilter = url.searchParams.get("list")?.trim() ?? "";
  const q = url.searchParams.get("q")?.trim().toLowerCase() ?? "";
  const stores = [...sandbox.state.accounts.values()].filter(
    (s) => !accountFilter || s.account.email.toLowerCase() === accountFilter,
  );
  const form = `<form method="get" action="/">
<input type="text" name="account" placeholder="account email" value="${escapeHtml(accountFilter)}" style="width:30%">
<input type="text" name="list" placeholder="list name or id" value="${escapeHtml(listFilter)}" style="width:30%">
<input type="text" name="q" placeholder="search email or name" value="${escapeHtml(q)}" style="width:30%">
<button type="submit">Filter</button></form>`;
  const sections = stores.map((store) => accountSection(store, listFilter, q)).join("");
  return layout(
    CC_BRAND,
    "Constant Contact sandbox",
    `<h1>Constant Contact sandbox</h1><p class="muted">Now: ${escapeHtml(new Date(sandbox.now()).toISOString())}.
Read-only; change things through the API or /__control.</p>${form}${sections || "<p>No accounts.</p>"}`,
  );
}

function accountSection(store: AccountStore, listFilter: string, q: string): string {
  const { account } = store;
  const all = membershipCounts(store, "all");
  const active = membershipCounts(store, "active");
  const names = new Map(store.lists.map((l) => [l.listId, l.name]));
  const list = listFilter ? store.lists.find((l) => l.listId === listFilter || l.name === listFilter) : undefined;
  const lists = store.lists
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)}</td><td><code>${escapeHtml(l.listId)}</code></td><td>${all.get(l.listId) ?? 0}</td><td>${active.get(l.listId) ?? 0}</td></tr>`,
    )
    .join("");
  const matching = store.contacts.filter(
    (c) =>
      (!listFilter || (list !== undefined && c.listIds.includes(list.listId))) &&
      (!q || c.emailKey.includes(q) || `${c.firstName ?? ""} ${c.lastName ?? ""}`.toLowerCase().includes(q)),
  );
  const rows = matching
    .slice(0, CONTACTS_SHOWN)
    .map(
      (
        c,
      ) => `<tr><td>${escapeHtml(c.email)}</td><td>${escapeHtml([c.firstName, c.lastName].filter(Boolean).join(" "))}</td>
<td>${escapeHtml(c.streetAddress?.city ?? "")}</td><td>${escapeHtml(c.deletedAt !== null ? "deleted" : c.permission)}</td>
<td>${escapeHtml(c.listIds.map((id) => names.get(id) ?? id).join(", "))}</td>
<td>${customFields(c, store)}</td><td>${escapeHtml(tagNames(c, store).join(", "))}</td><td>${escapeHtml(new Date(c.updatedAt).toISOString())}</td></tr>`,
    )
    .join("");
  return `<section><h2>${escapeHtml(account.organizationName)}</h2>
<p class="muted">${escapeHtml(account.email)} · encoded account id <code>${escapeHtml(account.encodedAccountId)}</code></p>
<h3>Lists</h3><table><tr><th>Name</th><th>List id</th><th>Members</th><th>Active</th></tr>${lists}</table>
${campaignsSection(store)}
<h3>Contacts</h3><p class="muted">Showing ${Math.min(CONTACTS_SHOWN, matching.length)} of ${matching.length}.</p>
<table><tr><th>Email</th><th>Name</th><th>City</th><th>Status</th><th>Lists</th><th>Custom fields</th><th>Tags</th><th>Updated</th></tr>${rows}</table></section>`;
}

function customFields(contact: Contact, store: AccountStore): string {
  return Object.entries(customFieldsByName(contact, store))
    .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
    .join("<br>");
}

/** Sent campaigns with their bounces (code and address), newest first. */
function campaignsSection(store: AccountStore): string {
  if (store.campaigns.length === 0) return "";
  const names = new Map(store.lists.map((l) => [l.listId, l.name]));
  const rows = [...store.campaigns]
    .reverse()
    .map((c) => {
      const bounces = c.bounces.map((b) => `${escapeHtml(b.emailAddress)} (${escapeHtml(b.bounceCode)})`).join(", ");
      return `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.listIds.map((id) => names.get(id) ?? id).join(", "))}</td>
<td>${escapeHtml(new Date(c.createdAt).toISOString())}</td><td>${c.sentCount}</td><td>${bounces || "none"}</td></tr>`;
    })
    .join("");
  return `<h3>Campaigns</h3><table><tr><th>Name</th><th>List</th><th>Sent</th><th>Recipients</th><th>Bounces</th></tr>${rows}</table>`;
}
