"use client";

import Link from "next/link";
import { useRef } from "react";
import { SHORTCUTS } from "./app-catalog";
import { keepFocusInside } from "./ui/keep-focus-inside";

/**
 * The App Drawer: a modal <dialog>, so the browser makes the rest of the page inert (focus stays inside), Escape
 * closes it and screen readers announce it; focus goes back to the button that opened it.
 */
export function AppDrawer() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  const close = () => dialog.current?.close();

  return (
    <>
      <button
        ref={opener}
        type="button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand"
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
          {[0, 6, 12].flatMap((x) =>
            [0, 6, 12].map((y) => <rect key={`${x}-${y}`} x={x} y={y} width="4" height="4" rx="1" />),
          )}
        </svg>
        App Drawer
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="app-drawer-title"
        onClose={() => opener.current?.focus()}
        onClick={(event) => event.target === dialog.current && close()}
        onKeyDown={keepFocusInside}
        className="ml-auto mr-0 mt-0 h-full max-h-none w-80 max-w-full bg-white p-0 shadow-xl"
      >
        <div className="flex h-full flex-col p-5">
          <div className="flex items-center justify-between">
            <h2 id="app-drawer-title" className="text-lg font-semibold">
              Apps
            </h2>
            <button
              type="button"
              onClick={close}
              aria-label="Close App Drawer"
              className="rounded p-1 text-slate-500 hover:bg-slate-100"
            >
              ✕
            </button>
          </div>
          <nav aria-label="Shortcuts" className="mt-4">
            <ul className="space-y-1">
              {SHORTCUTS.map((s) => (
                <li key={s.href}>
                  <Link href={s.href} onClick={close} className="block rounded-md px-3 py-2 hover:bg-slate-100">
                    <span className="font-medium">{s.name}</span>
                    <span className="block text-xs text-slate-500">{s.description}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <Link
            href="/apps"
            onClick={close}
            className="mt-auto rounded-md bg-brand px-3 py-2 text-center text-sm font-medium text-white hover:bg-brand-dark"
          >
            View All
          </Link>
        </div>
      </dialog>
    </>
  );
}
