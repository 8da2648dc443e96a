import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "./data-table";

type Row = { id: string; name: string; city: string };
const rows: Row[] = [
  { id: "a", name: "Ada", city: "Oslo" },
  { id: "b", name: "Bo", city: "Lima" },
];

const render = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(
    <DataTable<Row>
      rows={rows}
      empty="No clients match."
      columns={[
        { header: "Name", width: "w-1/4", cell: (r) => r.name },
        { header: "City", className: "truncate", cellProps: (r) => ({ title: r.city }), cell: (r) => r.city },
        { header: "Actions", headerHidden: true, cell: () => "…" },
      ]}
      {...props}
    />,
  );

describe("DataTable", () => {
  it("labels every cell with its column's name for the stacked phone layout, except a column whose header is hidden", () => {
    const html = render();
    expect(html).toContain('class="stacked-table');
    expect(html.match(/data-label="Name"/g)).toHaveLength(2);
    expect(html.match(/data-label="City"/g)).toHaveLength(2);
    expect(html).not.toContain('data-label="Actions"');
    expect(html).toContain('<span class="sr-only">Actions</span>');
  });

  it("puts the column's width on its header, its classes and the row's attributes on each cell", () => {
    const html = render({ rowProps: (r) => ({ "data-testid": "row", "data-status": r.name }) });
    expect(html).toMatch(/<th class="[^"]*w-1\/4[^"]*">Name<\/th>/);
    expect(html).toMatch(/<td class="[^"]*truncate[^"]*" data-label="City" title="Oslo">Oslo<\/td>/);
    expect(html).toContain('data-testid="row" data-status="Bo"');
  });

  it("leaves out a column given as false, and shows the empty message instead of a table without rows", () => {
    const html = renderToStaticMarkup(
      <DataTable<Row> rows={rows} empty="None" columns={[{ header: "Name", cell: (r) => r.name }, false]} />,
    );
    expect(html.match(/<th /g)).toHaveLength(1);
    expect(render({ rows: [] })).toBe('<p class="mt-8 text-slate-600">No clients match.</p>');
    expect(render({ rows: [], look: "section", className: "mt-3" })).toBe(
      '<p class="text-sm text-slate-600 mt-3">No clients match.</p>',
    );
  });

  it("names the table when asked", () => {
    expect(render({ label: "Consent history" })).toContain('aria-label="Consent history"');
  });
});
