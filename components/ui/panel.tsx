import { useId, type ReactNode } from "react";

/**
 * A framed section of a page under its heading, which names the section for screen readers (a region). A
 * `description` is a line right under the heading.
 */
export function Panel({
  title,
  description,
  className,
  children,
}: {
  title: string;
  description?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-lg border border-slate-200 bg-white p-5${className ? ` ${className}` : ""}`}
    >
      <h2 id={headingId} className={`${description ? "mb-1" : "mb-3"} text-lg font-semibold`}>
        {title}
      </h2>
      {description && <p className="mb-3 text-sm text-slate-600">{description}</p>}
      {children}
    </section>
  );
}
