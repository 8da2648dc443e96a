"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

function describe(ms: number): string {
  if (ms <= 0) return "time is up";
  if (ms < 60_000) return "less than a minute left";
  const minutes = Math.ceil(ms / 60_000);
  return `${minutes} min left`;
}

/**
 * The minutes an impersonation has left. When it runs out the page is refreshed: the server then finds the row
 * expired, records the expiry and sends the support user back to the console.
 */
export function TimeLeft({ expiresAt, serverNow }: { expiresAt: string; serverNow: number }) {
  const router = useRouter();
  const end = new Date(expiresAt).getTime();
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    // The first tick right after hydration replaces the server's clock with the browser's.
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  useEffect(() => {
    if (now >= end) router.refresh();
  }, [now, end, router]);
  return <span data-testid="impersonation-time-left">{describe(end - now)}</span>;
}
