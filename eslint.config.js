import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
  // Module boundaries on the server: every folder, checked in CI (`npm run lint`).
  {
    // The innermost layers — errors, events, clock, logging, cryptography — import nothing of the app.
    files: ['apps/server/src/lib/**/*.ts', 'apps/server/src/crypto/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(?!lib/|crypto/)[^./]+/',
              message: 'lib and crypto import nothing of the app',
            },
          ],
        },
      ],
    },
  },
  {
    // The database layer: connections, table types, migrations; it knows no module.
    files: ['apps/server/src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(?!lib/|crypto/|db/)[^./]+/',
              message: 'the database layer imports only lib and crypto',
            },
          ],
        },
      ],
    },
  },
  {
    // A repository is used inside its own folder; everybody else calls the service. Only the
    // composition root (container.ts and the build-*.ts beside the modules) builds repositories.
    files: ['apps/server/src/**/*.ts'],
    ignores: [
      'apps/server/src/lib/**',
      'apps/server/src/crypto/**',
      'apps/server/src/db/**',
      'apps/server/src/container.ts',
      'apps/server/src/**/build-*.ts',
      'apps/server/src/**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(.+/)?[^/]+\\.repository(\\.ts)?$',
              message: "call the other module's service, not its repository",
            },
          ],
        },
      ],
    },
  },
);
