// GET /: a read-only look at what the Mailchimp sandbox holds: accounts, audiences with counts, webhooks and their
// last deliveries, and members (at most 200 per audience) with status, merge fields, groups and tags.
// ?account=<email>&list=<name or id>&q=<text> narrow it.
import { escapeHtml, layout } from "../../pages/html";
import { listStats } from "../api/views";
import type { McSandbox } from "../context";
import { groupNames, tagNames } from "../control/inspect";
import type { MergeValue } from "../model";
import type { AccountStore, ListStore } from "../state";
import { MC_BRAND } from "./brand";

const MEMBERS_SHOWN = 200;
const DELIVERIES_SHOWN = 10;

export function homePage(sandbox: McSandbox, url: URL): string {
  const accountFilter = url.searchParams.get("account")?.trim().toLowerCase() ?? "";
  const listFilter = url.searchParams.get("list")?.trim() ?? "";
  const q = url.searchParams.get("q")?.trim().toLowerCase() ?? "";
  const stores = [...sandbox.state.accounts.values()].filter(
    (s) => !accountFilter || s.account.email.toLowerCase() === accountFilter,
  );
  const form = `<form method="get" action="/">
<input type="text" name="account" placeholder="account email" aria-label="Account email" value="${escapeHtml(accountFilter)}" style="width:30%">
<input type="text" name="list" placeholder="audience name or id" aria-label="Audience" value="${escapeHtml(listFilter)}" style="width:30%">
<input type="text" name="q" placeholder="search email or name" aria-label="Search" value="${escapeHtml(q)}" style="width:30%">
<button type="submit">Filter</button></form>`;
  const sections = stores.map((store) => accountSection(sandbox, store, listFilter, q)).join("");
  return layout(
    MC_BRAND,
    "Mailchimp sandbox",
    `<h1>Mailchimp sandbox</h1><p class="muted">Now: ${escapeHtml(new Date(sandbox.now()).toISOString())}. API at
<code>${escapeHtml(sandbox.origin)}/3.0</code>. Read-only; change things through the API or /__control.</p>${form}${sections || "<p>No accounts.</p>"}`,
  );
}

function accountSection(sandbox: McSandbox, store: AccountStore, listFilter: string, q: string): string {
  const { account } = store;
  const lists = store.lists.filter((l) => !listFilter || l.list.listId === listFilter || l.list.name === listFilter);
  const rows = store.lists
    .map((l) => {
      const stats = listStats(l);
      return `<tr><td>${escapeHtml(l.list.name)}</td><td><code>${escapeHtml(l.list.listId)}</code></td><td>${stats.subscribed}</td><td>${stats.unsubscribed}</td><td>${stats.cleaned}</td><td>${l.members.length}</td></tr>`;
    })
    .join("");
  return `<section><h2>${escapeHtml(account.accountName)}</h2>
<p class="muted">${escapeHtml(account.email)} · user_id ${escapeHtml(account.userId)} · dc ${escapeHtml(account.dc)}</p>
<h3>Audiences</h3><table><tr><th>Name</th><th>List id</th><th>Subscribed</th><th>Unsubscribed</th><th>Cleaned</th><th>All (archived too)</th></tr>${rows}</table>
${lists.map((l) => listSection(sandbox, l, q)).join("")}</section>`;
}

function listSection(sandbox: McSandbox, list: ListStore, q: string): string {
  const matching = list.members.filter((m) => {
    if (!q) return true;
    const name = `${String(m.mergeFields.FNAME ?? "")} ${String(m.mergeFields.LNAME ?? "")}`.toLowerCase();
    return m.emailAddress.toLowerCase().includes(q) || name.includes(q);
  });
  const members = matching
    .slice(0, MEMBERS_SHOWN)
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.emailAddress)}</td><td>${escapeHtml(m.status)}</td><td>${mergeText(list, m.mergeFields)}</td><td>${escapeHtml(groupNames(list, m).join(", "))}</td><td>${escapeHtml(tagNames(list, m).join(", "))}</td><td>${escapeHtml(new Date(m.lastChanged).toISOString())}</td></tr>`,
    )
    .join("");
  const webhooks = list.webhooks
    .map((w) => {
      const deliveries = sandbox.state.deliveries.filter((d) => d.webhookId === w.id).slice(-DELIVERIES_SHOWN);
      const recent = deliveries
        .map(
          (d) =>
            `${d.type} ${d.state} (${d.attempts.map((a) => a.statusCode ?? "no answer").join(", ") || "not yet sent"})`,
        )
        .join("; ");
      return `<li><code>${escapeHtml(w.url)}</code> ${w.enabled ? "" : "<strong>disabled (410)</strong>"} <span class="muted">${escapeHtml(recent)}</span></li>`;
    })
    .join("");
  return `<h3>${escapeHtml(list.list.name)}</h3>
${webhooks ? `<p>Webhooks:</p><ul>${webhooks}</ul>` : ""}
<p class="muted">Showing ${Math.min(MEMBERS_SHOWN, matching.length)} of ${matching.length} members.</p>
<table><tr><th>Email</th><th>Status</th><th>Merge fields</th><th>Groups</th><th>Tags</th><th>Last changed</th></tr>${members}</table>`;
}

function mergeText(list: ListStore, values: Record<string, MergeValue>): string {
  return list.mergeFields
    .filter((f) => values[f.tag] !== undefined && values[f.tag] !== "")
    .map((f) => {
      const value = values[f.tag];
      const text = typeof value === "object" ? Object.values(value).filter(Boolean).join(", ") : String(value);
      return `${escapeHtml(f.tag)}: ${escapeHtml(text)}`;
    })
    .join("<br>");
}
