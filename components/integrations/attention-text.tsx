import { ZonedTime } from "@/components/time/zoned-time";
import type { SyncStatus } from "@/lib/sync/status/sync-status";

/** What the connection needs, with the resume time (a quota pause) in the business's zone: "…resumes in 3 h." */
export function AttentionText({
  attention,
  timeZone,
  now,
}: {
  attention: NonNullable<SyncStatus["attention"]>;
  timeZone: string;
  now: string;
}) {
  if (!attention.resumesAt) return <>{attention.message}</>;
  return (
    <>
      {attention.message} <ZonedTime at={attention.resumesAt} timeZone={timeZone} now={now} />.
    </>
  );
}
