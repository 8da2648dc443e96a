"use server";

import { businessAction } from "@/lib/actions/action-layers";
import { SetAlertPreferenceInput, setAlertPreference } from "@/lib/alerts/alert-preferences";

// Everyone sets their own alerts (owners and staff alike); lib/alerts refuses support impersonating the business.
export const setAlertPreferenceAction = businessAction()
  .input(SetAlertPreferenceInput)
  .action(async (input, ctx) => {
    await setAlertPreference(ctx, input);
    return null;
  });
