import type { Brand } from "../../pages/html";

/** Constant Contact's blue header bar on the sandbox's pages. */
export const CC_BRAND: Brand = { name: "Constant Contact", color: "#1856ed", onColor: "#fff" };
