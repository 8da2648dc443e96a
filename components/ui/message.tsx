import type { ReactNode } from "react";

type Tone = "error" | "success" | "warning";

/** An error or a warning is announced at once; a success politely, when the reader is idle. */
const ROLE = { error: "alert", success: "status", warning: "alert" } as const;
const BOXED: Record<Tone, string> = {
  error: "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800",
  success: "rounded-md bg-green-50 px-3 py-2 text-sm text-green-800",
  warning: "rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900",
};
const PLAIN: Record<Tone, string> = {
  error: "text-sm text-red-700",
  success: "text-sm text-green-800",
  warning: "text-sm text-amber-900",
};

/**
 * What an action or a page has to say: a failed action's error, what a saved one did, a warning. Renders nothing
 * while there is nothing to say, so `<Message tone="error">{error}</Message>` needs no condition around it.
 * `boxed` sets it apart on a tinted background (a form's own message); plain is a line of text next to a control.
 */
export function Message({
  tone,
  boxed = false,
  className,
  testId,
  children,
}: {
  tone: Tone;
  boxed?: boolean;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  if (children === null || children === undefined || children === false || children === "") return null;
  const look = boxed ? BOXED[tone] : PLAIN[tone];
  return (
    <p role={ROLE[tone]} className={className ? `${className} ${look}` : look} data-testid={testId}>
      {children}
    </p>
  );
}
