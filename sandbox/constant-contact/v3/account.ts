// GET /v3/account/summary (scope account_read): which CC account the token belongs to.
import { z } from "zod";
import { json, type Reply, type RequestContext } from "../../http";
import type { AccessContext } from "../oauth/tokens";
import { parseQuery } from "./json-body";

const SummaryQuery = z.object({
  extra_fields: z
    .string()
    .refine((value) => value.split(",").every((f) => ["physical_address", "company_logo"].includes(f.trim())), {
      error: "must be physical_address and/or company_logo",
    })
    .optional(),
});

export function accountSummary(ctx: RequestContext, access: AccessContext): Reply {
  const query = parseQuery(ctx.url, SummaryQuery, "account.api.validation.error");
  const extra = new Set((query.extra_fields ?? "").split(",").map((f) => f.trim()));
  const { account } = access.store;
  return json(200, {
    contact_email: account.email,
    contact_phone: "5035550100",
    country_code: "US",
    encoded_account_id: account.encodedAccountId,
    first_name: account.firstName,
    last_name: account.lastName,
    organization_name: account.organizationName,
    organization_phone: "503-555-0100",
    state_code: "OR",
    time_zone_id: "US/Pacific",
    website: "https://example.com",
    ...(extra.has("physical_address")
      ? {
          physical_address: {
            address_line1: "100 Main Street",
            city: "Portland",
            state_code: "OR",
            postal_code: "97201",
            country_code: "US",
          },
        }
      : {}),
  });
}
