// The pages of CC's authorization server: log in, consent, and the error page shown when it cannot safely
// redirect back (unknown client or unregistered redirect_uri).
import { escapeHtml, layout } from "../../pages/html";
import { CC_BRAND } from "./brand";

const SCOPE_TEXT: Record<string, string> = {
  contact_data: "Read and modify your contacts and contact lists",
  campaign_data: "Read and modify your email campaigns",
  account_read: "Read your account details",
  account_update: "Modify your account details",
  offline_access: "Stay connected when you are not using the app",
  openid: "Know who you are",
  profile: "Read your profile",
};

export function loginPage(input: { pendingId: string; appName: string; error?: string; email?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : "";
  return layout(
    CC_BRAND,
    "Log in - Constant Contact",
    `<h1>Log in</h1>
<p class="muted">${escapeHtml(input.appName)} wants to connect to your Constant Contact account.</p>
${error}
<form method="post" action="/oauth2/default/v1/login">
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(input.email ?? "")}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log In</button>
</form>
<p class="muted">Sandbox accounts: sunrise@cc.test, maple@cc.test (password sandbox-password).</p>`,
    true,
  );
}

export function consentPage(input: {
  pendingId: string;
  appName: string;
  organizationName: string;
  email: string;
  scopes: string[];
}): string {
  const scopes = input.scopes
    .map((scope) => `<li><strong>${escapeHtml(scope)}</strong>: ${escapeHtml(SCOPE_TEXT[scope] ?? scope)}</li>`)
    .join("");
  return layout(
    CC_BRAND,
    "Allow access - Constant Contact",
    `<h1>Allow ${escapeHtml(input.appName)} access?</h1>
<p>Signed in as ${escapeHtml(input.email)} (${escapeHtml(input.organizationName)}).</p>
<p><strong>${escapeHtml(input.appName)}</strong> is asking to:</p><ul>${scopes}</ul>
<form method="post" action="/oauth2/default/v1/consent">
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
    true,
  );
}

export function oauthErrorPage(title: string, message: string): string {
  return layout(
    CC_BRAND,
    `${title} - Constant Contact`,
    `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message)}</p>`,
    true,
  );
}
