import type { BounceKind } from "@/lib/generated/prisma/enums";

/** A bounce in the front desk's words, and whether it needs anyone to act (an auto-reply does not). */
export const BOUNCE_WORDS: Record<BounceKind, { words: string; needsAction: boolean }> = {
  NON_EXISTENT: { words: "mailbox does not exist", needsAction: true },
  UNDELIVERABLE: { words: "the address cannot receive mail", needsAction: true },
  MAILBOX_FULL: { words: "mailbox full", needsAction: true },
  BLOCKED: { words: "blocked by the receiving server", needsAction: true },
  AUTO_REPLY: { words: "vacation or auto-reply", needsAction: false },
  OTHER: { words: "not delivered", needsAction: true },
};
