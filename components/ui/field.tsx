import { useId, type ReactNode } from "react";

/** The ids and ARIA state a field's control carries, so its error and hint are read out with it. */
export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * The one look of a text input, select or textarea. `width` is the control's width class (the full width of its
 * field unless given, e.g. `w-24` for a two-letter code) plus anything else that is the control's own.
 */
export function controlClass(width = "w-full"): string {
  return `mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30 aria-invalid:border-red-600 ${width}`;
}

/**
 * A labelled field: the label, the control `children` renders with the props it is given, a hint and an error,
 * both tied to the control (aria-describedby). `errorRole="alert"` announces the error at once, for a field whose
 * error is the only message its form shows.
 */
export function Field({
  label,
  error,
  hint,
  id,
  className = "",
  errorRole,
  children,
}: {
  label: string;
  error?: string | null;
  hint?: string;
  id?: string;
  className?: string;
  errorRole?: "alert";
  children: (control: ControlProps) => ReactNode;
}) {
  const generated = useId();
  const controlId = id ?? generated;
  const describedBy =
    [error ? `${controlId}-error` : null, hint ? `${controlId}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={controlId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id: controlId, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={`${controlId}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${controlId}-error`} role={errorRole} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
