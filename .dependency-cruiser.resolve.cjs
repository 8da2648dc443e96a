// Module resolution for dependency-cruiser only: the `@/` alias of tsconfig.json.
const path = require("node:path");

module.exports = {
  resolve: { alias: { "@": path.resolve(__dirname) }, extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
};
