import { mailSendRequested } from "./events";
import { sendEvent } from "./send-event";

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
