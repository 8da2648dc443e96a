import type { Brand } from "../../pages/html";

/** Mailchimp's yellow bar on the sandbox's pages (dark text: it passes contrast checks on the yellow). */
export const MC_BRAND: Brand = { name: "Mailchimp", color: "#ffe01b", onColor: "#241c15" };
