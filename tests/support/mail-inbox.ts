// Reading the mail catcher (scripts/lib/mail-catcher.ts) over its HTTP API, as the browser and integration tests do.

export type CaughtMail = {
  id: string;
  subject: string;
  to: { address: string; name: string }[];
  text?: string;
  html?: string;
  headers: Record<string, string>;
};

export async function listMail(webUrl: string): Promise<CaughtMail[]> {
  const response = await fetch(`${webUrl}/api/email`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMail[];
}

/** Every email to `address` (any case), oldest first. */
export async function mailTo(webUrl: string, address: string): Promise<CaughtMail[]> {
  const wanted = address.trim().toLowerCase();
  return (await listMail(webUrl)).filter((m) => m.to.some((t) => t.address.toLowerCase() === wanted));
}

/** Waits until `address` has at least `count` emails matching `subject` (when given), and returns them. */
export async function waitForMailTo(
  webUrl: string,
  address: string,
  options: { subject?: RegExp; count?: number; timeoutMs?: number } = {},
): Promise<CaughtMail[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const found = (await mailTo(webUrl, address)).filter((m) => !options.subject || options.subject.test(m.subject));
    if (found.length >= (options.count ?? 1)) return found;
    if (Date.now() > deadline)
      throw new Error(
        `No email to ${address}${options.subject ? ` matching ${options.subject}` : ""} within the time allowed (found ${found.length}).`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The raw message as received (headers included), for headers the catcher's summary leaves out. */
export async function rawMail(webUrl: string, id: string): Promise<string> {
  const response = await fetch(`${webUrl}/api/email/${id}/source`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return response.text();
}

/** The first link in the plain-text part whose URL matches `pattern`. */
export function linkIn(mail: CaughtMail, pattern: RegExp): string {
  const links = (mail.text ?? "").match(/https?:\/\/[^\s\])>"]+/g) ?? [];
  const link = links.find((l) => pattern.test(l));
  if (!link) throw new Error(`No link matching ${pattern} in "${mail.subject}": ${links.join(", ")}`);
  return link;
}
