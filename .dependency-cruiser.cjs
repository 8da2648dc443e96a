// Layer rules (run in `npm test` as `npm run lint:layers`): arrows point down.
//   app -> components -> lib;  inngest -> lib;  lib never imports app, components, inngest, sandbox or tests; the
//   sandboxes (stand-ins for Constant Contact and Mailchimp) share no code with the product, and each provider's
//   sandbox only shares the plumbing at sandbox/ root with the other.
//   lib/server-actions holds every server action ("use server" modules, eslint.config.mjs says so): the one place a
//   component imports the action it calls from, instead of receiving it through props. It sits on top of lib: no
//   other part of lib imports it. No folder of lib/ is in an import cycle with another (.dependency-cruiser.folders.cjs).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "lib-stays-below",
      comment: "lib/ is the domain: it never imports routes, components, the job engine, the sandbox or test helpers.",
      severity: "error",
      from: { path: "^lib/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^(app|components|inngest|sandbox|tests|e2e|scripts)/" },
    },
    {
      name: "server-actions-on-top-of-lib",
      comment:
        "lib/server-actions are what routes and components call: each checks who is asking and calls the rest of lib; nothing in lib calls them.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/server-actions/" },
      to: { path: "^lib/server-actions/" },
    },
    {
      name: "lib-tests-test-lib",
      comment:
        "Tests next to lib/ code use the shared test helpers (tests/support, which may start the sandbox), never the layers above.",
      severity: "error",
      from: { path: "^lib/.*\\.test\\.tsx?$" },
      to: { path: "^(app|components|inngest|e2e)/" },
    },
    {
      name: "components-below-app",
      comment: "components/ are used by routes, never the other way round.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(app|inngest|sandbox|tests|e2e|scripts)/" },
    },
    {
      name: "app-no-engine-internals",
      comment: "Routes call lib/ (and the one Inngest serve endpoint); never the sandbox or test helpers.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^(sandbox|tests|e2e|scripts)/" },
    },
    {
      name: "inngest-only-lib",
      comment: "inngest/ adapts lib/jobs to Inngest: it calls lib/, never routes, components, the sandbox or tests.",
      severity: "error",
      from: { path: "^inngest/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(app|components|sandbox|tests|e2e|scripts)/" },
    },
    {
      name: "sandbox-is-standalone",
      comment: "The sandboxes are the providers' stand-ins: they must not borrow the product's code.",
      severity: "error",
      from: { path: "^sandbox/" },
      to: { path: "^(app|components|lib|inngest|tests|e2e|scripts|prisma)/" },
    },
    {
      name: "sandbox-providers-apart",
      comment:
        "Each provider's sandbox keeps to its own folder; what both need lives in the plumbing at sandbox/ root.",
      severity: "error",
      from: { path: "^sandbox/(constant-contact|mailchimp)/" },
      to: { path: "^sandbox/(constant-contact|mailchimp)/", pathNot: "^sandbox/$1/" },
    },
    {
      name: "sandbox-plumbing-is-neutral",
      comment: "The shared plumbing at sandbox/ root knows no provider (only the public entry server.ts names them).",
      severity: "error",
      from: { path: "^sandbox/", pathNot: "^sandbox/((constant-contact|mailchimp)/|server\\.ts$)" },
      to: { path: "^sandbox/(constant-contact|mailchimp)/" },
    },
    {
      name: "product-never-imports-tests",
      comment: "Product code never depends on a test file.",
      severity: "error",
      from: { path: "^(app|components|lib|inngest)/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "\\.test\\.tsx?$" },
    },
    {
      name: "no-circular",
      comment: "Import cycles make modules impossible to understand or load on their own.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|lib/generated)" },
    tsPreCompilationDeps: true,
    // Resolve `@/` like tsconfig's paths, but without tsconfig-paths' implicit base URL: with it, the bare npm import
    // "inngest" would resolve to our own inngest/ folder.
    webpackConfig: { fileName: ".dependency-cruiser.resolve.cjs" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
