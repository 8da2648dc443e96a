// The one door every event leaves by, whichever engine runs the jobs.
import { jobsEnv } from "../env";
import { mailSendRequested } from "./events";
import { inngest } from "./inngest-client";

export type Sendable = Parameters<typeof inngest.send>[0];
type LocalDispatcher = (payload: Sendable) => Promise<void>;

const globalForJobs = globalThis as unknown as { __localDispatcher?: LocalDispatcher };

/**
 * Sends an event: to Inngest (Cloud or a self-hosted server) when JOBS_MODE=inngest, else to the in-process
 * runner that the local mode installs (inngest/local-runner.ts). Without a runner (a script, a test of lib/
 * alone) the event has no consumer and is dropped: the database remains the source of truth.
 */
export async function sendEvent(payload: Sendable): Promise<void> {
  if (jobsEnv().JOBS_MODE === "inngest") {
    await inngest.send(payload);
    return;
  }
  await globalForJobs.__localDispatcher?.(payload);
}

export function installLocalDispatcher(dispatcher: LocalDispatcher | undefined): void {
  globalForJobs.__localDispatcher = dispatcher;
}

/**
 * Asks for the delivery of outbox emails, after the transaction that wrote them committed. Losing this event loses
 * nothing: the rows are in the outbox and the outbox sweep sends them within a minute.
 */
export async function requestMailDelivery(outboxIds: readonly string[]): Promise<void> {
  if (outboxIds.length === 0) return;
  try {
    await sendEvent(outboxIds.map((outboxId) => mailSendRequested.create({ outboxId })));
  } catch (error) {
    console.error("Could not request mail delivery; the outbox sweep will send it.", error);
  }
}
