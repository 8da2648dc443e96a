// The pages of Mailchimp's authorization server: log in, and the error page shown when it cannot safely redirect back
// (unknown client or unregistered redirect_uri). Mailchimp also shows an "Allow" screen after logging in; the sandbox
// goes straight back to the app (see sandbox/README.md).
import { escapeHtml, layout } from "../../pages/html";
import { MC_BRAND } from "./brand";

export function loginPage(input: { pendingId: string; appName: string; error?: string; email?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : "";
  return layout(
    MC_BRAND,
    "Log in | Mailchimp",
    `<h1>Log in</h1>
<p class="muted">Log in to connect ${escapeHtml(input.appName)} to your Mailchimp account.</p>
${error}
<form method="post" action="/oauth2/login">
<input type="hidden" name="pending" value="${escapeHtml(input.pendingId)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(input.email ?? "")}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
<p class="muted">Sandbox accounts: sunrise@mc.test, maple@mc.test (password sandbox-password).</p>`,
    true,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(
    MC_BRAND,
    `${title} | Mailchimp`,
    `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(message)}</p>`,
    true,
  );
}
