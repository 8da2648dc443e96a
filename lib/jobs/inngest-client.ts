// The one Inngest client: lib/jobs/send-event.ts sends through it (JOBS_MODE=inngest), and the functions in
// inngest/functions (one per file, listed in inngest/index.ts) are created on it.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "studio-manager" });
