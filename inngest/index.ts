export { syncBusiness, syncBusinessNow } from "./functions/sync-business";
export { pullUnsubscribesFn, scheduleUnsubscribePulls } from "./functions/pull-unsubscribes";
export { reconcileSweep } from "./functions/reconcile-sweep";

import { syncBusiness, syncBusinessNow } from "./functions/sync-business";
import { pullUnsubscribesFn, scheduleUnsubscribePulls } from "./functions/pull-unsubscribes";
import { reconcileSweep } from "./functions/reconcile-sweep";

/** Every function the app serves at /api/inngest. */
export const functions = [syncBusiness, syncBusinessNow, pullUnsubscribesFn, scheduleUnsubscribePulls, reconcileSweep];
