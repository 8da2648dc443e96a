"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/define-action";
import { Button } from "@/components/ui/button";
import { callAction } from "@/components/ui/call-action";

/** The client's own switch: subscribing here is their consent; unsubscribing is always possible. */
export function PortalSubscription(props: {
  slug: string;
  optedIn: boolean;
  setSubscription: (slug: string, input: { optIn: boolean }) => Promise<ActionResult<{ changed: boolean }>>;
  signOut: () => Promise<ActionResult<null>>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);

  async function change(optIn: boolean) {
    setPending(true);
    setMessage(null);
    const result = await callAction(props.setSubscription(props.slug, { optIn }));
    setPending(false);
    if (!result.ok) return setMessage({ kind: "error", text: result.error });
    setMessage({ kind: "ok", text: optIn ? "You are subscribed to news and updates." : "You are unsubscribed from news and updates." });
    router.refresh();
  }

  async function signOut() {
    await props.signOut().catch(() => null);
    router.refresh();
  }

  return (
    <div className="mt-4 space-y-4">
      <p data-testid="portal-subscription-state" className="font-medium">
        {props.optedIn ? "You are subscribed to news and updates." : "You are not subscribed to news and updates."}
      </p>
      {message && <p role={message.kind === "error" ? "alert" : "status"} className={`text-sm ${message.kind === "error" ? "text-red-700" : "text-green-800"}`}>{message.text}</p>}
      <div className="flex flex-wrap gap-3">
        {props.optedIn ? (
          <Button variant="secondary" disabled={pending} onClick={() => change(false)}>Unsubscribe</Button>
        ) : (
          <Button disabled={pending} onClick={() => change(true)}>Subscribe to news and updates</Button>
        )}
        <Button variant="ghost" onClick={signOut}>Sign out</Button>
      </div>
    </div>
  );
}
