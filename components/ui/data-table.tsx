import type { HTMLAttributes, ReactNode, TdHTMLAttributes } from "react";

type CellProps = TdHTMLAttributes<HTMLTableCellElement> & { "data-testid"?: string };
type RowProps = HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string; "data-status"?: string };

export type Column<Row> = {
  /** The column's name: its header and, on a phone, the label above each of its cells. */
  header: string;
  /** The header is for screen readers only and the cells have no label on a phone (a column of buttons). */
  headerHidden?: boolean;
  /** Classes of the header cell, i.e. the column's width. */
  width?: string;
  /** Classes of every cell of the column (truncation, wrapping). */
  className?: string;
  cell: (row: Row) => ReactNode;
  /** Attributes of one row's cell (a title, a test id, classes that depend on the row). */
  cellProps?: (row: Row) => CellProps;
};

/**
 * `page`: the list a page is about, framed, below its search form. `section`: a table inside a section that
 * already has a frame and a heading.
 */
const LOOKS = {
  page: {
    table: "mt-6 rounded-lg border border-slate-200 bg-white md:table-fixed",
    head: "bg-slate-50 text-slate-600",
    th: "px-4 py-2",
    row: "max-md:px-2",
    td: "px-4",
    empty: "mt-8 text-slate-600",
  },
  section: {
    table: "",
    head: "text-xs text-slate-500",
    th: "py-1 pr-3 last:pr-0",
    row: "",
    td: "pr-3 last:pr-0",
    empty: "text-sm text-slate-600",
  },
} as const;

/** How much room a row's cells have above and below. */
const DENSITY = { compact: "py-1", normal: "py-2", roomy: "py-3" } as const;

const classes = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(" ");

/**
 * A table of rows that stacks on a phone: below 768 px each row becomes a card and each cell is preceded by its
 * column's name (the `stacked-table` rules in app/globals.css), so nothing needs a sideways scroll. `empty` is
 * shown instead when there is no row; `className` (a margin) applies to either.
 */
export function DataTable<Row extends { id: string }>({
  columns,
  rows,
  empty,
  look = "page",
  density = "normal",
  label,
  testId,
  rowProps,
  className,
}: {
  columns: (Column<Row> | false)[];
  rows: Row[];
  empty: ReactNode;
  look?: keyof typeof LOOKS;
  density?: keyof typeof DENSITY;
  /** The table's accessible name, where no heading names it. */
  label?: string;
  testId?: string;
  rowProps?: (row: Row) => RowProps;
  className?: string;
}) {
  const style = LOOKS[look];
  if (rows.length === 0) return <p className={classes(style.empty, className)}>{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  return (
    <table
      className={classes("stacked-table w-full text-left text-sm", style.table, className)}
      aria-label={label}
      data-testid={testId}
    >
      <thead className={style.head}>
        <tr>
          {shown.map((c) => (
            <th key={c.header} className={classes(style.th, "font-medium", c.width)}>
              {c.headerHidden ? <span className="sr-only">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={classes("border-t border-slate-100 align-top", style.row)} {...rowProps?.(row)}>
            {shown.map((c) => {
              const { className: own, ...attributes } = c.cellProps?.(row) ?? {};
              return (
                <td
                  key={c.header}
                  className={classes(style.td, DENSITY[density], c.className, own)}
                  data-label={c.headerHidden ? undefined : c.header}
                  {...attributes}
                >
                  {c.cell(row)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
