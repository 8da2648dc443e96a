"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TextField } from "@/components/ui/text-field";
import { useServerAction } from "@/components/ui/use-server-action";
import { DialogFooter } from "@/components/ui/dialog-footer";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";
import { loadLists, saveList } from "@/lib/server-actions/integrations";
import { PROVIDER_COPY } from "./provider-copy";

type ListChoice = { listId: string; name: string; memberCount: number | null };

const PAGE_SIZE = 20;

/**
 * Choose list (Mailchimp: Choose audience): the account's lists (fetched when the dialog opens; Constant Contact
 * allows up to 1,000, so they are searchable and paged here), exactly one selectable, Save stores it.
 */
export function ChooseListDialog({ provider, currentListId }: { provider: Provider; currentListId: string | null }) {
  const router = useRouter();
  const { name, list: word, path } = PROVIDER_WORDS[provider];
  const title = `Choose ${word}`;
  const [open, setOpen] = useState(false);
  const [lists, setLists] = useState<ListChoice[] | null>(null);
  const [selected, setSelected] = useState<string | null>(currentListId);
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(0);
  const [noChoice, setNoChoice] = useState(false);
  const listLoad = useServerAction(loadLists);
  const listSave = useServerAction(saveList);
  const loading = listLoad.pending;
  const saving = listSave.pending;
  const error = noChoice ? `${title}.` : (listSave.error ?? listLoad.error);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (lists ?? []).filter((l) => !q || l.name.toLowerCase().includes(q));
  }, [lists, query]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const shown = filtered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);

  async function openDialog() {
    setOpen(true);
    setNoChoice(false);
    listSave.reset();
    setQuery("");
    setPage(0);
    setSelected(currentListId);
    const result = await listLoad.execute({ provider });
    if (result.ok) setLists(result.data);
  }

  async function save() {
    setNoChoice(!selected);
    if (!selected) return;
    const result = await listSave.execute({ provider, listId: selected });
    if (!result.ok) return;
    setOpen(false);
    router.replace(path);
    router.refresh();
  }

  return (
    <>
      <Button variant={currentListId ? "secondary" : "primary"} aria-haspopup="dialog" onClick={openDialog}>
        {title}
      </Button>
      <ModalDialog open={open} onClose={() => setOpen(false)} title={title}>
        <p className="mt-2 text-sm text-slate-600">
          Choose the {name} {word} to keep in sync. Only one {word} can be synced. {PROVIDER_COPY[provider].otherLists}
          {currentListId &&
            ` If you change the ${word}, all subscribed clients are added to the new ${word}; the old ${word} is left as it is.`}
        </p>
        <TextField
          label={`Search ${word}s`}
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
          className="mt-4"
        />
        <div className="mt-3 min-h-24 overflow-y-auto">
          {loading && (
            <p className="text-sm text-slate-500" role="status">
              Loading your {name} {word}s…
            </p>
          )}
          {!loading && lists && filtered.length === 0 && (
            <p className="text-sm text-slate-500">
              {lists.length === 0
                ? `This ${name} account has no ${word}s yet. Create one in ${name} first.`
                : `No ${word} matches your search.`}
            </p>
          )}
          {!loading && shown.length > 0 && (
            <fieldset>
              <legend className="sr-only">{`${name} ${word}s`}</legend>
              <ul className="divide-y divide-slate-100">
                {shown.map((list) => (
                  <li key={list.listId}>
                    <label className="flex cursor-pointer items-center gap-3 px-1 py-2 hover:bg-slate-50">
                      <input
                        type="radio"
                        name="provider-list"
                        value={list.listId}
                        checked={selected === list.listId}
                        onChange={() => setSelected(list.listId)}
                      />
                      <span className="font-medium">{list.name}</span>
                      {list.memberCount !== null && (
                        <span className="ml-auto text-xs text-slate-500">
                          {list.memberCount.toLocaleString("en-US")} {list.memberCount === 1 ? "contact" : "contacts"}
                        </span>
                      )}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
        </div>
        {pages > 1 && (
          <nav aria-label={`${title} pages`} className="mt-2 flex items-center justify-between text-sm">
            <Button variant="ghost" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
              Previous
            </Button>
            <span>
              Page {page + 1} of {pages}
            </span>
            <Button variant="ghost" disabled={page >= pages - 1} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </nav>
        )}
        <DialogFooter error={error} busy={saving} onCancel={() => setOpen(false)}>
          <Button onClick={save} disabled={saving || loading || !selected}>
            {saving ? "Saving…" : "Save"}
          </Button>
        </DialogFooter>
      </ModalDialog>
    </>
  );
}
