import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SelectField } from "./select-field";
import { TextAreaField } from "./textarea-field";
import { TextField } from "./text-field";

describe("the fields", () => {
  it("tie the label, the hint and the error to the control", () => {
    const html = renderToStaticMarkup(
      <TextField id="email" label="Email" name="email" hint="Optional." error="Enter a valid email." />,
    );
    expect(html).toContain('<label for="email"');
    expect(html).toContain('id="email" aria-invalid="true" aria-describedby="email-error email-hint"');
    expect(html).toContain('<p id="email-hint" class="mt-1 text-xs text-slate-500">Optional.</p>');
    expect(html).toContain('<p id="email-error" class="mt-1 text-sm text-red-700">Enter a valid email.</p>');
  });

  it("say nothing extra while there is no error or hint", () => {
    const html = renderToStaticMarkup(<TextField id="city" label="City" name="city" />);
    expect(html).not.toContain('aria-invalid="');
    expect(html).not.toContain('aria-describedby="');
  });

  it("share one look; the input's own classes replace only its width", () => {
    const text = renderToStaticMarkup(<TextField id="c" label="Country" inputClassName="w-24 uppercase" />);
    const select = renderToStaticMarkup(<SelectField id="s" label="Type" options={[{ value: "", label: "None" }]} />);
    const look = (html: string, tag: string) => html.match(new RegExp(`<${tag}[^>]* class="([^"]*)"`))![1]!;
    expect(look(text, "input")).toMatch(/ w-24 uppercase$/);
    expect(look(text, "input")).not.toContain("w-full");
    expect(look(select, "select")).toBe(look(text, "input").replace("w-24 uppercase", "w-full"));
    expect(select).toContain('<option value="">None</option>');
  });

  it("announce a textarea's error at once when asked", () => {
    const html = renderToStaticMarkup(<TextAreaField id="r" label="Reason" error="Too short." errorRole="alert" />);
    expect(html).toContain('<p id="r-error" role="alert"');
  });
});
