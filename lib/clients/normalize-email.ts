/** How emails are compared everywhere (our clients, Constant Contact contacts): trimmed and lowercased. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim();
  return trimmed ? trimmed.toLowerCase() : null;
}
