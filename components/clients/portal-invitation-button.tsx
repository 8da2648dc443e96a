"use client";

import { useState } from "react";
import { sendPortalInvitationAction } from "@/lib/server-actions/clients";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { Message } from "@/components/ui/message";

/**
 * "Send portal invitation": the client gets a single-use set-password link by email. Staff only learn where it
 * went and until when it works; the link itself never reaches the admin app.
 */
export function PortalInvitationButton(props: { clientId: string; disabledReason: string | null }) {
  const { execute, pending, error } = useServerAction(sendPortalInvitationAction);
  const [sent, setSent] = useState<{ sentTo: string; expiresAt: string } | null>(null);

  async function send() {
    setSent(null);
    const result = await execute({ clientId: props.clientId });
    if (result.ok) setSent({ sentTo: result.data.sentTo, expiresAt: new Date(result.data.expiresAt).toLocaleString() });
  }

  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={send} disabled={pending || Boolean(props.disabledReason)}>
        {pending ? "Sending…" : "Send portal invitation"}
      </Button>
      {props.disabledReason && <p className="text-sm text-slate-600">{props.disabledReason}</p>}
      <Message tone="error">{error}</Message>
      <Message tone="success" className="break-words">
        {sent && (
          <>
            Invitation sent to{" "}
            <span className="font-medium break-all" data-testid="invitation-sent-to">
              {sent.sentTo}
            </span>
            . The link in it works once, until {sent.expiresAt}.
          </>
        )}
      </Message>
    </div>
  );
}
