// The authorization server's endpoints, at the same paths as https://authz.constantcontact.com/oauth2/default/v1/...
import type { Sandbox } from "../context";
import type { Router } from "../../http";
import { authorize, consent, login } from "./authorize";
import { revoke } from "./revoke";
import { token } from "./token-endpoint";

export const OAUTH_BASE = "/oauth2/default/v1";

export function addOAuthRoutes(router: Router, sandbox: Sandbox): void {
  router
    .add("GET", `${OAUTH_BASE}/authorize`, (ctx) => authorize(sandbox, ctx))
    .add("POST", `${OAUTH_BASE}/login`, (ctx) => login(sandbox, ctx))
    .add("POST", `${OAUTH_BASE}/consent`, (ctx) => consent(sandbox, ctx))
    .add("POST", `${OAUTH_BASE}/token`, (ctx) => token(sandbox, ctx))
    .add("POST", `${OAUTH_BASE}/revoke`, (ctx) => revoke(sandbox, ctx));
}
