// The set-password token of a client's latest invitation, read from the outbox row the email is sent from (for
// integration tests of lib/ that do not run a mail catcher; the browser tests read the email itself).
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";

export async function invitationToken(clientId: string): Promise<string> {
  const link = await db.clientPortalToken.findFirstOrThrow({
    where: { clientId },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  const mail = await db.mailOutbox.findUniqueOrThrow({ where: { idempotencyKey: `portal-invitation:${link.id}` } });
  if (!mail.secretEnc) throw new Error("The invitation was already sent: its secret is wiped.");
  return decryptSecret(mail.secretEnc, `mail:${mail.id}`);
}
