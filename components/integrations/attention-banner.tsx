import Link from "next/link";
import type { ShellAttention } from "@/lib/sync/status/shell-attention";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { AttentionText } from "./attention-text";

/** Across the whole admin shell: what a connection needs from the owner (the layout asks shellAttention). */
export function IntegrationAttentionBanner({ attention }: { attention: ShellAttention | null }) {
  if (!attention) return null;
  return (
    <div
      role="alert"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900"
      data-testid="integration-attention-banner"
    >
      <AttentionText attention={attention} timeZone={attention.timeZone} now={attention.checkedAt} />{" "}
      <Link href={PROVIDER_WORDS[attention.provider].path} className="font-medium underline">
        Open {PROVIDER_WORDS[attention.provider].name}
      </Link>
    </div>
  );
}
