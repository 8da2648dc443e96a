// What a connection holds at rest, decrypted: to look for leaks and to drive the sandbox with a real token.
import { openToken } from "@/lib/integrations/connections";
import { db } from "@/lib/db";

/** The tokens a connection holds right now (decrypted). */
export async function storedTokens(
  connectionId: string,
): Promise<{ accessToken: string | null; refreshToken: string | null }> {
  const row = await db.connection.findUniqueOrThrow({
    where: { id: connectionId },
    omit: { accessTokenEnc: false, refreshTokenEnc: false },
  });
  return {
    accessToken: row.accessTokenEnc ? openToken(row.accessTokenEnc, row.id) : null,
    refreshToken: row.refreshTokenEnc ? openToken(row.refreshTokenEnc, row.id) : null,
  };
}
