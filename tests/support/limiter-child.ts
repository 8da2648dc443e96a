// A process making Constant Contact calls as fast as it can through the platform limiter, for the test that proves
// the limiter across processes (lib/integrations/constant-contact/platform-limiter.processes.test.ts). Run with
// `node --import tsx`; settings from the environment it inherits (DATABASE_URL, CC_*), plus:
//   LIMITER_ACCESS_TOKEN  a sandbox access token   LIMITER_CALLS  how many calls   LIMITER_BUSINESSES  comma-separated ids
// Prints one JSON line {ok, failed} when every call has been answered.
import { createCcClient } from "@/lib/integrations/constant-contact/api-client";
import type { CallKind } from "@/lib/integrations/call-purpose";
import { ccConfig } from "@/lib/integrations/constant-contact/config";

const token = process.env.LIMITER_ACCESS_TOKEN ?? "";
const calls = Number(process.env.LIMITER_CALLS ?? 10);
const businesses = (process.env.LIMITER_BUSINESSES ?? "").split(",").filter(Boolean);
const kinds: CallKind[] = ["INTERACTIVE", "PUSH", "RECONCILE", "UNSUBSCRIBE_PULL"];

const results = await Promise.allSettled(
  Array.from({ length: calls }, (_, i) =>
    createCcClient({
      tokens: { getAccessToken: async () => token, refreshAfterRejection: async () => token },
      apiBaseUrl: ccConfig().apiBaseUrl,
      purpose: { kind: kinds[i % kinds.length]!, businessId: businesses[i % businesses.length]! },
      // A 429 would be retried quickly (and counted by the sandbox): the test wants to see it, not wait it out.
      retryBaseMs: 5,
      maxRetries: 20,
    }).getAccountSummary(),
  ),
);
const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
console.log(JSON.stringify({ ok: results.length - failed.length, failed }));
process.exit(0);
