// Delivers webhook events to the app as Mailchimp does: POST, form-encoded, User-Agent `MailChimp.com`, cancelled
// after 10 s, retried at increasing intervals while the app answers non-2xx or cannot be reached, and never again
// once it answers 410 Gone (the webhook is disabled). Deliveries run after the request that caused them has been
// answered: they never hold it up.
//
// Due times are on the sandbox clock. A timer (unref'd: it never keeps the process alive) looks for due attempts
// while any are pending; tests that move a fake clock call `flush()` to run what is due and wait for it.
import type { MailchimpSandboxConfig } from "../options";
import type { DeliveryAttempt, WebhookDelivery } from "../model";
import type { MailchimpState } from "../state";

const TICK_MS = 100;
/** Deliveries kept for the control API; older finished ones are forgotten. */
const KEEP_DELIVERIES = 5_000;
export const DELIVERY_USER_AGENT = "MailChimp.com";

export class WebhookDispatcher {
  private readonly sending = new Map<string, Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly state: MailchimpState,
    private readonly config: () => MailchimpSandboxConfig,
  ) {}

  /** Queues a delivery; its first attempt starts right after the current request has been answered. */
  enqueue(delivery: WebhookDelivery): void {
    this.state.deliveries.push(delivery);
    if (this.state.deliveries.length > KEEP_DELIVERIES) {
      const drop = this.state.deliveries.findIndex((d) => d.state !== "pending");
      if (drop >= 0) this.state.deliveries.splice(drop, 1);
    }
    this.state.touch();
    this.wake();
  }

  /** Looks for due attempts soon (after loading a state file, or after the clock moved). */
  wake(): void {
    if (this.closed) return;
    setImmediate(() => this.runDue());
    if (!this.timer) {
      this.timer = setInterval(() => this.runDue(), TICK_MS);
      this.timer.unref();
    }
  }

  /** Runs every attempt that is due now and waits until none is due or in flight. */
  async flush(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      this.runDue();
      if (this.sending.size === 0) return;
      await Promise.all(this.sending.values());
    }
  }

  /** Aborts attempts in flight (they count as unreachable) and stops the timer. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const controller of this.aborts) controller.abort();
    await Promise.allSettled(this.sending.values());
  }

  private runDue(): void {
    if (this.closed) return;
    const now = this.state.now();
    let pending = 0;
    for (const delivery of this.state.deliveries) {
      if (delivery.state !== "pending") continue;
      pending++;
      if (this.sending.has(delivery.deliveryId) || (delivery.nextAttemptAt ?? 0) > now) continue;
      const attempt = this.attempt(delivery).finally(() => this.sending.delete(delivery.deliveryId));
      this.sending.set(delivery.deliveryId, attempt);
    }
    if (pending === 0 && this.sending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const webhook = this.webhookOf(delivery);
    if (!webhook?.enabled) {
      // Deleted or disabled since the event fired: Mailchimp sends nothing more to it.
      delivery.state = "gone";
      delivery.nextAttemptAt = null;
      this.state.touch();
      return;
    }
    const at = this.state.now();
    const started = Date.now();
    const controller = new AbortController();
    this.aborts.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.config().webhookTimeoutMs);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": DELIVERY_USER_AGENT },
        body: delivery.body,
        redirect: "manual",
        signal: controller.signal,
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = controller.signal.aborted
        ? `no answer within ${this.config().webhookTimeoutMs} ms`
        : (caught as Error).message || "unreachable";
    } finally {
      clearTimeout(timeout);
      this.aborts.delete(controller);
    }
    const record: DeliveryAttempt = { at, statusCode, error, durationMs: Date.now() - started };
    delivery.attempts.push(record);
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      delivery.state = "delivered";
      delivery.nextAttemptAt = null;
    } else if (statusCode === 410) {
      // 410 Gone disables the webhook for good: no retries, nothing more for any later change either.
      webhook.enabled = false;
      delivery.state = "gone";
      delivery.nextAttemptAt = null;
      for (const other of this.state.deliveries)
        if (other.webhookId === webhook.id && other.state === "pending" && other !== delivery) {
          other.state = "gone";
          other.nextAttemptAt = null;
        }
    } else {
      const delays = this.config().webhookRetryDelaysMs;
      const retry = delays[delivery.attempts.length - 1];
      if (retry === undefined) {
        delivery.state = "failed";
        delivery.nextAttemptAt = null;
      } else {
        delivery.nextAttemptAt = this.state.now() + retry;
      }
    }
    this.state.touch();
  }

  private webhookOf(delivery: WebhookDelivery) {
    for (const store of this.state.accounts.values())
      for (const list of store.lists) {
        if (list.list.listId !== delivery.listId) continue;
        return list.webhooks.find((w) => w.id === delivery.webhookId);
      }
    return undefined;
  }
}
