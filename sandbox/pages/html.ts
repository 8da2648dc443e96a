// HTML helpers: every interpolated value goes through `escapeHtml`, including the ones we wrote ourselves.

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Whose pages these are: the name in the header bar and its colours. */
export interface Brand {
  name: string;
  color: string;
  /** Text on the header bar and on buttons. */
  onColor: string;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2b36}
header{padding:12px 24px;font-weight:600}
main{max-width:980px;margin:24px auto;background:#fff;padding:24px;border-radius:8px}
.narrow{max-width:420px}
label{display:block;margin:12px 0 4px}
input[type=email],input[type=password],input[type=text]{width:100%;padding:8px;box-sizing:border-box}
button{margin-top:16px;padding:8px 20px;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#8a99a8}
.error{background:#fde8e8;color:#9b1c1c;padding:8px;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e3e8ee;padding:4px 6px;text-align:left}
.muted{color:#4f5d6a;font-size:13px}
`;

export function layout(brand: Brand, title: string, body: string, narrow = false): string {
  const colors = `header,button{background:${brand.color};color:${brand.onColor}}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}${colors}</style></head>
<body><header>${escapeHtml(brand.name)} <span style="font-weight:400">(sandbox)</span></header>
<main class="${narrow ? "narrow" : ""}">${body}</main></body></html>`;
}
