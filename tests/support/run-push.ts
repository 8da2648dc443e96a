// Runs a business's push job in-process, as the engines would for one of its connections (Constant Contact unless
// told otherwise).
import { db } from "@/lib/db";
import type { Provider } from "@/lib/generated/prisma/client";
import type { SyncTrigger } from "@/lib/jobs/events";
import type { SyncStep } from "@/lib/jobs/step";
import { pushHandler } from "@/lib/sync/push";
import { inlineStep } from "./inline-step";

export async function runPush(
  businessId: string,
  trigger: SyncTrigger,
  step: SyncStep = inlineStep,
  provider: Provider = "CONSTANT_CONTACT",
) {
  const connection = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId, provider } },
    select: { id: true },
  });
  return pushHandler({ event: { data: { connectionId: connection.id, businessId, trigger } }, step });
}
