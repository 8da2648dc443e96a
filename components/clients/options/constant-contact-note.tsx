// What the client types and groups page says about Constant Contact, in plain words: whether the business sends
// types and groups there (the owner's choice on the Constant Contact page), and so whether renames and deletes
// made here reach Constant Contact.
import Link from "next/link";
import type { SegmentChoice } from "@/lib/clients/mark-segment-pending";

const CC_PAGE = "/setup/integrations/constant-contact";

export function ConstantContactNote({ sent }: { sent: SegmentChoice }) {
  const what =
    sent.clientType && sent.groups
      ? "Client types and groups are"
      : sent.clientType
        ? "Client types are (groups are not)"
        : sent.groups
          ? "Groups are (client types are not)"
          : null;
  return (
    <p
      role="note"
      data-testid="client-options-constant-contact"
      className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
    >
      {what ? (
        <>
          {what} sent to Constant Contact with each synced client, so you can build segments there. Renaming one here
          sends the new name to Constant Contact, and deleting one clears it there, for every synced client who has it,
          within minutes.
        </>
      ) : (
        <>
          Client types and groups are not sent to Constant Contact, so changes here stay here. The owner can choose to
          send them, for segments in Constant Contact, on the{" "}
          <Link href={CC_PAGE} className="text-brand underline">
            Constant Contact page
          </Link>
          .
        </>
      )}
    </p>
  );
}
