// Loaded with `--import` by every Node process that runs our TypeScript outside Next (the npm scripts, the e2e
// server, Playwright's test processes): lib modules marked `import "server-only"` (see lib/db.ts) get the package's
// no-op, as they do in Next's server bundles. Plain JavaScript so that it works before tsx is loaded.
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
