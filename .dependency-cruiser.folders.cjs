// The folder-level rule (run in `npm test` as part of `npm run lint:layers`): no two folders of lib/ import each
// other, directly or round a loop, so a reader never bounces between them. Product code only: tests and their helpers
// (tests/, prisma/seed, scripts/) may reach across folders, and a test file's imports are not an arrow of the design.
const base = require(require("node:path").join(__dirname, ".dependency-cruiser.cjs"));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles-in-lib",
      comment: "A reader should not bounce between two lib/ folders that import each other.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: `${base.options.exclude.path}|\\.test\\.tsx?$|^(tests|e2e|scripts|prisma|sandbox)/` },
  },
};
