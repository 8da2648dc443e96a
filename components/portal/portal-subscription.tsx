"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { setSubscriptionAction, signOutPortalAction } from "@/lib/server-actions/portal";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";

/** The client's own switch: subscribing here is their consent; unsubscribing is always possible. */
export function PortalSubscription(props: { slug: string; optedIn: boolean }) {
  const router = useRouter();
  const subscription = useServerAction(setSubscriptionAction);
  const signOutAction = useServerAction(signOutPortalAction);
  const [saved, setSaved] = useState<string | null>(null);
  const error = subscription.error ?? signOutAction.error;

  async function change(optIn: boolean) {
    setSaved(null);
    signOutAction.reset();
    const result = await subscription.execute({ business: props.slug, optIn });
    if (!result.ok) return;
    setSaved(optIn ? "You are subscribed to news and updates." : "You are unsubscribed from news and updates.");
    router.refresh();
  }

  async function signOut() {
    setSaved(null);
    subscription.reset();
    const result = await signOutAction.execute({});
    if (result.ok) router.refresh();
  }

  return (
    <div className="mt-4 space-y-4">
      <p data-testid="portal-subscription-state" className="font-medium">
        {props.optedIn ? "You are subscribed to news and updates." : "You are not subscribed to news and updates."}
      </p>
      <Message tone="error">{error}</Message>
      <Message tone="success">{saved}</Message>
      <div className="flex flex-wrap gap-3">
        {props.optedIn ? (
          <Button variant="secondary" disabled={subscription.pending} onClick={() => change(false)}>
            Unsubscribe
          </Button>
        ) : (
          <Button disabled={subscription.pending} onClick={() => change(true)}>
            Subscribe to news and updates
          </Button>
        )}
        <Button variant="ghost" disabled={signOutAction.pending} onClick={signOut}>
          Sign out
        </Button>
      </div>
    </div>
  );
}
