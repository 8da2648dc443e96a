"use client";

import { useRouter } from "next/navigation";
import { switchBusiness } from "@/lib/server-actions/business";
import { useServerAction } from "@/components/ui/use-server-action";

type Choice = { id: string; name: string };

export function BusinessSwitcher({ current, choices }: { current: string; choices: Choice[] }) {
  const router = useRouter();
  const { execute, pending, error } = useServerAction(switchBusiness);
  if (choices.length < 2) return null;
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor="business-switcher" className="text-slate-600">
        Business
      </label>
      <select
        id="business-switcher"
        value={current}
        disabled={pending}
        onChange={async (event) => {
          const result = await execute({ businessId: event.target.value });
          if (result.ok) router.refresh();
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
