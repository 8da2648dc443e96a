import type { ReactNode } from "react";
import { buttonClass } from "./button";

/**
 * The search or filter form above a list: a plain GET form, so the search lives in the URL (it can be bookmarked
 * and works before scripts load). Its fields wrap on a narrow screen; `after` follows the submit button.
 */
export function SearchForm({
  action,
  label,
  submitLabel = "Search",
  className = "mt-6",
  after,
  children,
}: {
  action: string;
  /** The landmark's name, where the page has more than one search or the fields alone do not say what is searched. */
  label?: string;
  submitLabel?: string;
  className?: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className={`flex flex-wrap items-end gap-3 ${className}`}
    >
      {children}
      <button type="submit" className={buttonClass("secondary")}>
        {submitLabel}
      </button>
      {after}
    </form>
  );
}
