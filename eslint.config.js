// ESLint (flat config): the recommended JavaScript and typescript-eslint rules (not the
// type-checked sets) over the sources, tests, benchmarks, examples and scripts. Generated
// protobuf code and build outputs are not linted. Formatting is Prettier's job (.prettierrc.json).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
};

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/format/gen/", "examples/logs/", "**/fixtures/", ".tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      // Unused names are errors except those marked unused on purpose with a leading underscore.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // `let x = 0; try { x = ... } catch { ...; continue; }` reads better than the alternatives.
      "no-useless-assignment": "off",
      // Terminal output is sanitised by matching control characters on purpose.
      "no-control-regex": "off",
    },
  },
  {
    // Tests read decoded JSON and protobuf objects field by field.
    files: ["**/*.test.ts", "**/*test_util.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
