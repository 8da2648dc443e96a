// POST /oauth2/default/v1/revoke (RFC 7009): always 200 for a known client, whatever the token was. Revoking a
// refresh token ends the whole grant (its access tokens too); revoking an access token ends just that token.
import type { Sandbox } from "../context";
import { verifyJwt } from "../jwt";
import type { Reply, RequestContext } from "../../http";
import { authenticateClient, readForm } from "./form-body";
import { oauthError } from "./oauth-errors";
import { revokeGrant } from "./tokens";

export async function revoke(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const client = authenticateClient(sandbox, ctx.req);
  const form = await readForm(ctx.req);
  const token = form.get("token");
  if (!token) throw oauthError(400, "invalid_request", "The token parameter is required.");
  const { state } = sandbox;
  const grantId = state.refreshTokens.get(token);
  const grant = grantId ? state.grants.get(grantId) : undefined;
  if (grant && grant.clientId === client.clientId) {
    // Any refresh token of the grant, current or rotated out, identifies it.
    revokeGrant(state, grant);
  } else {
    const claims = verifyJwt(token, state.jwtSecret);
    const record = typeof claims?.jti === "string" ? state.accessTokens.get(claims.jti) : undefined;
    const owner = record ? state.grants.get(record.grantId) : undefined;
    if (record && owner?.clientId === client.clientId) {
      record.revokedAt ??= state.now();
      state.touch();
    }
  }
  return { status: 200 };
}
