"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { keepFocusInside } from "./keep-focus-inside";

/**
 * A modal native <dialog> (showModal): the page behind is inert, Escape closes it, screen readers announce it by
 * its title, and the browser gives focus back to what opened it. `open` drives it; `onClose` hears every close.
 */
export function ModalDialog({
  open,
  onClose,
  title,
  children,
  className = "w-[32rem]",
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={keepFocusInside}
      className={`m-auto max-h-[85vh] max-w-[95vw] rounded-lg bg-white p-0 shadow-xl ${className}`}
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
