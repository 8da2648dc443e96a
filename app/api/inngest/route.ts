import { serve } from "inngest/next";
import { inngest } from "@/lib/jobs/inngest-client";
import { functions } from "@/inngest";

// Inngest Cloud or a self-hosted Inngest server calls this endpoint to run the functions (JOBS_MODE=inngest).
export const { GET, POST, PUT } = serve({ client: inngest, functions });
