"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-client";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";

/** Creates a one-time set-password link for the Client Portal; staff copy it and give it to the client. */
export function PortalLinkButton(props: {
  clientId: string;
  disabledReason: string | null;
  createLink: (input: { clientId: string }) => Promise<ActionResult<{ path: string; expiresAt: string }>>;
}) {
  const { execute, pending, error } = useServerAction(props.createLink);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);

  async function create() {
    const result = await execute({ clientId: props.clientId });
    if (!result.ok) return;
    setLink({ url: new URL(result.data.path, window.location.origin).toString(), expiresAt: new Date(result.data.expiresAt).toLocaleString() });
  }

  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={create} disabled={pending || Boolean(props.disabledReason)}>
        {pending ? "Creating…" : "Create portal link"}
      </Button>
      {props.disabledReason && <p className="text-sm text-slate-600">{props.disabledReason}</p>}
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {link && (
        <div className="space-y-1">
          <label htmlFor="portal-link" className="block text-sm font-medium">Portal link (works once, until {link.expiresAt})</label>
          <input id="portal-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs" />
          <p className="text-xs text-slate-500">Give this link to the client only. Creating a new link cancels this one.</p>
        </div>
      )}
    </div>
  );
}
