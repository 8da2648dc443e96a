import { mailOutboxSweep } from "./functions/mail-outbox-sweep";
import { pullUnsubscribesFn } from "./functions/pull-unsubscribes";
import { reconcileSweep } from "./functions/reconcile-sweep";
import { scheduleUnsubscribePulls } from "./functions/schedule-unsubscribe-pulls";
import { syncBusiness } from "./functions/sync-business";
import { sendMail } from "./functions/send-mail";
import { syncBusinessNow } from "./functions/sync-business-now";

/** Every function the app serves at /api/inngest. */
export const functions = [
  syncBusiness,
  syncBusinessNow,
  pullUnsubscribesFn,
  scheduleUnsubscribePulls,
  reconcileSweep,
  sendMail,
  mailOutboxSweep,
];
