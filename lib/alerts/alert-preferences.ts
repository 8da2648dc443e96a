import { z } from "zod";
import { recordAudit } from "../audit";
import type { BusinessContext } from "../auth/business-context";
import { ForbiddenError } from "../errors";
import { db } from "../db";
import { ALERT_KINDS, ALERT_LABELS } from "./alert-kinds";

/** A person's own alert settings for the current business: each kind on or off (owners on, staff off by default). */
export async function listAlertPreferences(ctx: BusinessContext) {
  const rows = await db.alertPreference.findMany({
    where: { userId: ctx.user.id, businessId: ctx.businessId },
    select: { kind: true, enabled: true },
  });
  const chosen = new Map(rows.map((r) => [r.kind, r.enabled]));
  return ALERT_KINDS.map((kind) => ({
    kind,
    label: ALERT_LABELS[kind],
    enabled: chosen.get(kind) ?? ctx.role === "OWNER",
  }));
}

export const SetAlertPreferenceInput = z.object({ kind: z.enum(ALERT_KINDS), enabled: z.boolean() });
export type SetAlertPreferenceInput = z.input<typeof SetAlertPreferenceInput>;

/**
 * Turns one kind on or off for the person themselves. Support impersonating a business never changes alert
 * settings: they are someone's own choices about their own inbox.
 */
export async function setAlertPreference(ctx: BusinessContext, raw: SetAlertPreferenceInput): Promise<void> {
  if (ctx.impersonation || ctx.actor.impersonator)
    throw new ForbiddenError("Support cannot change someone's alert settings.");
  const input = SetAlertPreferenceInput.parse(raw);
  await db.$transaction(async (tx) => {
    await tx.alertPreference.upsert({
      where: { userId_businessId_kind: { userId: ctx.user.id, businessId: ctx.businessId, kind: input.kind } },
      create: { userId: ctx.user.id, businessId: ctx.businessId, kind: input.kind, enabled: input.enabled },
      update: { enabled: input.enabled },
    });
    await recordAudit(
      {
        action: "alerts.preferences_changed",
        actor: ctx.actor,
        businessId: ctx.businessId,
        target: { type: "user", id: ctx.user.id },
        details: { kind: input.kind, enabled: input.enabled },
      },
      tx,
    );
  });
}
