// ESLint 9 flat config: `npm run lint` (scripts/test.sh runs it before anything else).
// Why these rules and not others: docs/decisions/024-lint-setup.md.
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import js from "@eslint/js";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// Plain JavaScript we own. tsconfig.json has allowJs off, so these get their type
// information from TypeScript's default project; the project service takes them one
// folder at a time (no `**`). A new .mjs elsewhere is a lint error naming this list.
const defaultProjectFiles = ["*.mjs", "cli/*.mjs", "cli/bin/*.mjs", "scripts/*.mjs", "scripts/prisma-engine/*.mjs", "tests/support/*.mjs"];

export default tseslint.config(
  {
    name: "model-registry/ignores",
    ignores: [
      ".next/**",
      ".next-*/**",
      "lib/db/generated/**",
      "cli/dist/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/artifacts/**",
      "bench/results/**",
      ".data/**",
      "storage/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  comments.recommended,
  ...nextCoreWebVitals, // react, react-hooks (with the React Compiler rules), jsx-a11y, import, @next/next
  ...nextTypescript, // typescript-eslint's recommended (syntax only; turns off core rules tsc covers, like no-undef)
  {
    name: "model-registry/all",
    files: ["**/*.{ts,tsx,mts,cts,js,mjs}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: {
          allowDefaultProject: defaultProjectFiles,
          // 7 files today; the default cap is 8. They share one default project, so a few more cost little.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Type-aware: every promise is awaited, returned, given a rejection handler, or
      // explicitly `void`ed where fire-and-forget is meant (with a comment saying why).
      "@typescript-eslint/no-floating-promises": "error",
      // Includes async functions as JSX event handlers: React drops the promise, so a
      // rejection would go unhandled. Handlers catch their own errors and are called
      // as `() => void handler()`.
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // `return promise` inside try skips the catch/finally; our error translation lives there.
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      // eslint-config-next makes these warnings; `--max-warnings 0` fails on warnings anyway,
      // so say what is allowed: `_`-prefixed names are deliberately unused.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // A `let` assigned once but read earlier (a signal handler set up before the child
      // it signals exists) must stay `let`: as `const` the early read would throw.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // A disable names its rule (no-unlimited-disable, from the plugin's recommended) and
      // says why after ` -- `; unused ones are errors (reportUnusedDisableDirectives).
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: ["eslint-enable"] }],
    },
  },
  {
    // Playwright reads a fixture's first parameter to find its dependencies and requires
    // a destructuring pattern there, even an empty one: `async ({}, use) => ...`.
    name: "model-registry/e2e",
    files: ["e2e/**"],
    rules: { "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }] },
  },
);
