// The one Inngest client: lib/jobs/send-event.ts sends through it (JOBS_MODE=inngest), and inngest/index.ts creates
// the functions of the jobs declared in inngest/jobs.ts on it.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "studio-manager" });
