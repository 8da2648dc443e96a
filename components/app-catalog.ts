// Every app of the admin, grouped as on the View All page. The App Drawer shows the shortcuts; routes that do
// not exist yet are not listed.

export type AppLink = { name: string; href: string; description: string; ownersOnly?: boolean };
export type AppSection = { title: string; href?: string; apps: AppLink[] };

export const APP_SECTIONS: AppSection[] = [
  {
    title: "Clients",
    apps: [{ name: "Clients", href: "/clients", description: "Profiles, notification settings and consent." }],
  },
  {
    title: "Setup",
    href: "/setup",
    apps: [
      { name: "Integrations", href: "/setup/integrations", description: "Connect email marketing and other services." },
      {
        name: "Client types and groups",
        href: "/settings/client-options",
        description: "The types and groups you sort clients into, with how many clients each has.",
      },
    ],
  },
  {
    title: "Reports",
    apps: [{ name: "Audit log", href: "/audit-log", description: "Who did what, and when.", ownersOnly: true }],
  },
];

export const SHORTCUTS: AppLink[] = [
  { name: "Clients", href: "/clients", description: "Find and edit clients." },
  { name: "Constant Contact", href: "/setup/integrations/constant-contact", description: "Email list sync." },
];

export type Integration = { name: string; href: string; description: string };

export const INTEGRATIONS: Integration[] = [
  {
    name: "Constant Contact",
    href: "/setup/integrations/constant-contact",
    description: "Keep clients who subscribe to your news and updates in one Constant Contact list.",
  },
  {
    name: "Mailchimp",
    href: "/setup/integrations/mailchimp",
    description: "Keep clients who subscribe to your news and updates in one Mailchimp audience.",
  },
];

/** The sections as a role sees them (staff do not see owner-only apps, which would answer "not found"). */
export function sectionsFor(role: "OWNER" | "STAFF"): AppSection[] {
  return APP_SECTIONS.map((section) => ({
    ...section,
    apps: section.apps.filter((app) => role === "OWNER" || !app.ownersOnly),
  })).filter((section) => section.apps.length > 0);
}
