import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const repositoryPattern = {
  group: ['../*/*.repository', '../*/*.repository.ts'],
  message: "call the other module's service, not its repository",
};
const toolsPattern = {
  group: ['**/tools/**'],
  message:
    'the product code imports the dev tools only from src/cli/*.command.ts and src/boot/simulated-fleet.ts',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Imports point inward: contracts depend on zod alone.
    files: ['packages/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$)(?!\\./)(?!\\.\\./).*', message: 'contracts import only zod' }] },
      ],
    },
  },
  {
    // Browser tests: Node scripts whose page.evaluate() callbacks run in the browser.
    files: ['e2e/**/*.mjs'],
    languageOptions: {
      globals: {
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
      },
    },
  },
  { ...reactHooks.configs.flat.recommended, files: ['apps/web/**/*.{ts,tsx}'] },
  {
    // The web app never imports server code.
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/server/**', '@dtwin/server', '@dtwin/server/*'],
              message: 'the web app never imports server code',
            },
          ],
        },
      ],
    },
  },
  {
    // The product code does not depend on the dev tools (bench, simulator, Flask import, anomaly
    // evaluation): only the CLI commands and the start of the simulated plant reach them.
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/cli/*.command.ts', 'apps/server/src/boot/simulated-fleet.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [toolsPattern] }] },
  },
  {
    // A module reaches another module through its service, never its repository.
    files: ['apps/server/src/modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [repositoryPattern] }] },
  },
  {
    // Both rules for the modules' own code (a later rule of the same name replaces an earlier one).
    files: ['apps/server/src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [repositoryPattern, toolsPattern] }] },
  },
);
