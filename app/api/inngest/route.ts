import { serve } from "inngest/next";
import { inngest } from "@/lib/jobs/inngest-client";
import { functions } from "@/inngest";
import { env } from "@/lib/env";

// Inngest Cloud or a self-hosted Inngest server calls this endpoint to run the functions (JOBS_MODE=inngest). In
// local mode the functions run in the app process and nothing may call them from outside: the endpoint is not there.
const served = serve({ client: inngest, functions });

type Handler = typeof served.GET;
const onlyInInngestMode =
  (handler: Handler): Handler =>
  (...args) =>
    env().JOBS_MODE === "inngest"
      ? handler(...args)
      : Promise.resolve(Response.json({ error: "Not found." }, { status: 404 }));

export const GET = onlyInInngestMode(served.GET);
export const POST = onlyInInngestMode(served.POST);
export const PUT = onlyInInngestMode(served.PUT);
