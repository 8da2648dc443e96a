// Lint rules that run in `npm test`: Next's recommended and Core Web Vitals rules (React, hooks, a11y, imports)
// and typescript-eslint's recommended set. Formatting is Prettier's job, layers are dependency-cruiser's.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next*/**",
      ".data/**",
      "lib/generated/**",
      "node_modules/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    // CommonJS config files (dependency-cruiser's) load with require().
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Every server action lives in lib/server-actions, where routes and components alike may import it (the layers
    // in .dependency-cruiser.cjs): no "use server" module or inline action anywhere else, so none is handed down
    // through props.
    files: ["**/*.{ts,tsx}"],
    ignores: ["lib/server-actions/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExpressionStatement[directive='use server']",
          message: "Server actions live in lib/server-actions (components import them from there).",
        },
      ],
    },
  },
  {
    rules: {
      // `_`-prefixed names are intentionally unused (callback positions, destructured-away fields).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
];

export default config;
