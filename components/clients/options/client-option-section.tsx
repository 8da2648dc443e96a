"use client";

// One kind (client types, or groups) on the client types and groups page: each with its number of clients, Rename
// in place and Delete with a confirmation, and the form to add one. One status line per section announces what
// was done (it is always in the page, so screen readers hear each change).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ClientOptionKind } from "@/lib/clients/client-option";
import type { ClientOptionRow } from "@/lib/clients/list-client-options";
import type { Provider } from "@/lib/generated/prisma/enums";
import { AddClientOptionForm } from "./add-client-option-form";
import { DeleteClientOptionButton } from "./delete-client-option-button";
import { clientsCount, OPTION_WORDS, providerNames, sentFieldWords } from "./option-words";
import { RenameClientOptionForm } from "./rename-client-option-form";

export function ClientOptionSection({
  kind,
  description,
  rows,
  sentTo,
}: {
  kind: ClientOptionKind;
  description: string;
  rows: ClientOptionRow[];
  /** The mailing-list tools this kind is sent to: renames and deletes are re-sent there. */
  sentTo: Provider[];
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const words = OPTION_WORDS[kind];
  const headingId = `client-options-${kind}`;
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };

  return (
    <section
      aria-labelledby={headingId}
      data-testid={`client-options-${kind}`}
      className="rounded-lg border border-slate-200 bg-white"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id={headingId} className="text-lg font-medium">
          {words.title}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{description}</p>
        <p className="mt-1 text-sm text-slate-600" data-testid={`client-options-${kind}-sent`}>
          {sentTo.length > 0
            ? `Sent to ${providerNames(sentTo)} as ${sentFieldWords(kind, sentTo)}.`
            : "Not sent to your mailing-list tools."}
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No {words.title.toLowerCase()} yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-5 py-2 font-medium">
                Clients
              </th>
              <th scope="col" className="px-5 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className="px-5 py-2 break-words">
                  {editing === row.id ? (
                    <RenameClientOptionForm
                      kind={kind}
                      row={row}
                      sentTo={sentTo}
                      onDone={done}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    <span className="inline-block py-2">{row.name}</span>
                  )}
                </td>
                <td className="px-5 py-2">
                  <span className="inline-block py-2">{clientsCount(row.clients)}</span>
                </td>
                <td className="px-5 py-2 text-right whitespace-nowrap">
                  {editing !== row.id && (
                    <>
                      <Button
                        variant="ghost"
                        aria-label={`Rename ${row.name}`}
                        onClick={() => {
                          setStatus("");
                          setEditing(row.id);
                        }}
                      >
                        Rename
                      </Button>
                      <DeleteClientOptionButton kind={kind} row={row} sentTo={sentTo} onDone={done} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="border-t border-slate-100 px-5 py-4">
        <AddClientOptionForm kind={kind} onAdded={done} />
        <p role="status" className="mt-2 text-sm text-green-800">
          {status}
        </p>
      </div>
    </section>
  );
}
