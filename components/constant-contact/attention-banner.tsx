import Link from "next/link";
import type { ShellAttention } from "@/lib/sync/status/shell-attention";
import { AttentionText } from "./attention-text";

/** Across the whole admin shell: what the connection needs from the owner (the layout asks shellAttention). */
export function ConstantContactAttentionBanner({ attention }: { attention: ShellAttention | null }) {
  if (!attention) return null;
  return (
    <div
      role="alert"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900"
      data-testid="cc-attention-banner"
    >
      <AttentionText attention={attention} timeZone={attention.timeZone} now={attention.checkedAt} />{" "}
      <Link href="/setup/integrations/constant-contact" className="font-medium underline">
        Open Constant Contact
      </Link>
    </div>
  );
}
