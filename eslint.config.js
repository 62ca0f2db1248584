// Lint: typescript-eslint's recommended rules, and the house's directions of import (docs/decisions/0029):
// routes -> domain -> db; the domain knows no route, component, edge module or framework; the
// database layer knows nothing above it; components reach no server module.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Type-only imports are erased at build time, so a component may name a server module's types.
// Patterns are regular expressions: gitignore-style groups would read "#app/..." as a comment.
const noImports = (patterns, message) => ["error", { patterns: patterns.map((regex) => ({ regex, message, allowTypeImports: true })) }];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      ".cache/**",
      ".data/**",
      "node_modules/**",
      "db/migrations/**",
      "patches/**",
      "tests/support/api-types.generated.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
        FormData: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        AbortController: "readonly",
        structuredClone: "readonly",
        crypto: "readonly",
        performance: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
        window: "readonly",
        document: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-namespace": ["error", { allowDeclarations: true }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    // Tests read JSON answers whose shape they then assert: an `any` there is the honest type.
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["app/domain/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": noImports(
        ["^#app/(routes|http|ui)/", "^@remix-run/", "^react(-dom)?(/|$)"],
        "The domain is below the edge: routes and the HTTP edge call it, never the other way (style.md).",
      ),
    },
  },
  {
    files: ["db/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": noImports(
        ["^#app/(domain|routes|http|ui|jobs|mail)/", "^#emails/"],
        "The database layer imports nothing above it.",
      ),
    },
  },
  {
    files: ["app/ui/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": noImports(
        ["^#db/", "\\.server$", "^#app/routes/"],
        "Components run in the browser too: no server module, no database, no route.",
      ),
    },
  },
  {
    files: ["app/jobs/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": noImports(
        ["^#app/(routes|http|ui)/", "^@remix-run/"],
        "Jobs run without a request: no route or HTTP edge module.",
      ),
    },
  },
  {
    // Templates are pure render(props, t): whatever they show, the caller gathered and passed in.
    files: ["emails/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": noImports(
        ["^#app/(routes|http|ui)/", "^@remix-run/", "^#db/", "^#app/config/", "^#app/jobs/", "^#app/mail/"],
        "An email template is a pure render(props, t): no request, database, settings, queue or outbox; its caller gathers the props and queues the message.",
      ),
    },
  },
);
