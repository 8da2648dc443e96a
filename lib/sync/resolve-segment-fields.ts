// Before a batch goes out: which segment custom fields the import rows may carry. Costs nothing when no segment
// field is chosen and nothing of ours is left to clear; otherwise one GET /contact_custom_fields per run (cached for
// the run), plus one POST for a field that does not exist yet. A field the owner deleted in Constant Contact is
// re-created and everyone it held values for is sent again; a field that cannot be created (the account's 100
// custom fields are taken) is reported on the connection, and the rest of the sync goes on without it.
import { markSegmentFieldPending } from "../clients/mark-segment-pending";
import type { CcClient } from "../constant-contact/api-client";
import { CcBadRequestError } from "../constant-contact/errors";
import type { CustomField } from "../constant-contact/schemas";
import { db } from "../db";
import { requestSync } from "../jobs/request-sync";
import { NO_SEGMENTS, SEGMENT_FIELD_LABELS, SEGMENT_KEYS, type SegmentKey, type SegmentPlan } from "./segment-values";

const planByRun = new Map<string, SegmentPlan>();
const CACHED_RUNS = 50;

/** CC names a field after its label, blanks replaced by underscores. */
const nameOf = (label: string) => label.replace(/\s+/g, "_");

export async function resolveSegmentFields(businessId: string, runId: string, cc: CcClient): Promise<SegmentPlan> {
  const cached = planByRun.get(runId);
  if (cached) return cached;
  const connection = await db.constantContactConnection.findUniqueOrThrow({
    where: { businessId },
    select: { sendClientType: true, sendGroups: true },
  });
  const send = { clientType: connection.sendClientType, groups: connection.sendGroups };
  const [sent] = await db.$queryRaw<{ clientType: boolean; groups: boolean }[]>`
    SELECT bool_or("syncedClientType" IS NOT NULL) AS "clientType", bool_or("syncedGroups" IS NOT NULL) AS groups
    FROM "ClientSyncState" WHERE "businessId" = ${businessId}::uuid`;
  const sentBefore = { clientType: Boolean(sent?.clientType), groups: Boolean(sent?.groups) };
  if (!SEGMENT_KEYS.some((key) => send[key] || sentBefore[key])) return remember(runId, NO_SEGMENTS);

  let fields = await cc.listCustomFields();
  const plan: SegmentPlan = { send, fieldNames: { clientType: null, groups: null } };
  const problems: string[] = [];
  for (const key of SEGMENT_KEYS) {
    let field = find(fields, key);
    if (!field && sentBefore[key]) await forgetLostValues(businessId, key, send[key]);
    if (!field && send[key]) {
      try {
        field = await cc.createCustomField(SEGMENT_FIELD_LABELS[key]);
      } catch (error) {
        if (!(error instanceof CcBadRequestError)) throw error;
        // 409: created meanwhile by someone else; anything else (400: 100 fields taken) is the owner's to fix.
        fields = error.status === 409 ? await cc.listCustomFields() : fields;
        field = find(fields, key);
        if (!field) {
          problems.push(
            `"${SEGMENT_FIELD_LABELS[key]}" could not be created in Constant Contact (${error.message}). An account has at most 100 custom fields: delete one there and sync again.`,
          );
        }
      }
    }
    plan.fieldNames[key] = field?.name ?? null;
  }
  await db.constantContactConnection.update({
    where: { businessId },
    data: { segmentFieldsError: problems.length > 0 ? problems.join(" ") : null },
  });
  return remember(runId, plan);
}

function find(fields: CustomField[], key: SegmentKey): CustomField | undefined {
  const name = nameOf(SEGMENT_FIELD_LABELS[key]).toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === name);
}

/**
 * The field is gone in Constant Contact and took its values with it: our books say nothing of ours is there any
 * more, and when the field is on, every client we had sent a value for goes out again (a later run picks up those
 * this run has already passed).
 */
async function forgetLostValues(businessId: string, key: SegmentKey, resend: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    if (resend) await markSegmentFieldPending(tx, businessId, key, "sent");
    if (key === "clientType") {
      await tx.$executeRaw`UPDATE "ClientSyncState" SET "syncedClientType" = NULL
        WHERE "businessId" = ${businessId}::uuid AND "syncedClientType" IS NOT NULL`;
    } else {
      await tx.$executeRaw`UPDATE "ClientSyncState" SET "syncedGroups" = NULL
        WHERE "businessId" = ${businessId}::uuid AND "syncedGroups" IS NOT NULL`;
    }
  });
  if (resend) await requestSync(businessId, "CLIENT_CHANGE");
}

function remember(runId: string, plan: SegmentPlan): SegmentPlan {
  if (planByRun.size >= CACHED_RUNS) planByRun.delete(planByRun.keys().next().value!);
  planByRun.set(runId, plan);
  return plan;
}
