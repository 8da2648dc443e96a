import { existsSync } from "node:fs";

/**
 * The browser for Playwright: CHROMIUM_PATH, else Playwright's own download where one exists (laptops), else
 * Debian's /usr/bin/chromium (these machines cannot download browsers). Null when there is none.
 */
export async function findChromium(): Promise<string | null> {
  const candidates = [process.env.CHROMIUM_PATH];
  try {
    const { chromium } = await import("@playwright/test");
    candidates.push(chromium.executablePath());
  } catch {}
  candidates.push("/usr/bin/chromium", "/usr/bin/chromium-browser");
  return candidates.find((c): c is string => Boolean(c) && existsSync(c!)) ?? null;
}

/** Flags that keep Chromium quiet on a closed network (ENVIRONMENT.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
