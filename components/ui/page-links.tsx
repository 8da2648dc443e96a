import Link from "next/link";
import { buttonClass } from "./button";

type PageLink = { href: string; label: string };

/** The links to the other pages of a list (Previous, Next and the like); a link that is falsy (no such page) is left out. */
export function PageLinks({ links }: { links: (PageLink | false | "" | null | undefined)[] }) {
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-3">
      {links
        .filter((link): link is PageLink => Boolean(link))
        .map((link) => (
          <Link key={link.label} href={link.href} className={buttonClass("secondary")}>
            {link.label}
          </Link>
        ))}
    </nav>
  );
}
