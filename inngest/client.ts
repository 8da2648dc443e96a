import { Inngest } from "inngest";

/** The one Inngest client. Functions live one per file in inngest/, listed in inngest/index.ts. */
export const inngest = new Inngest({ id: "studio-manager" });
