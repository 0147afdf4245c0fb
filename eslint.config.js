import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Module boundaries on the server, for every folder (a later `no-restricted-imports` entry
// replaces an earlier one for the files both match, so each file group below lists all of its
// patterns).
const innermost = { regex: '^\\.\\./(?!(lib|crypto)/)', message: 'lib and crypto import nothing of the app' };
// From db/ and from db/migrations/: up to the server's source folder, then only lib or crypto.
const dbLayer = (depth) => ({
  regex: `^(\\.\\./){${depth}}(?!(lib|crypto)/)`,
  message: 'the database layer imports only lib and crypto',
});
const repositories = {
  regex: '^(\\.\\./)+(.+/)?[^/]+\\.repository(\\.ts)?$',
  message:
    "call the other module's service, not its repository (only container.ts and the build-*.ts files build repositories)",
};
const tools = {
  group: ['**/tools/**'],
  message:
    'the product code reaches the dev tools only from src/cli/*.command.ts and src/boot/simulated-*.ts (the simulated plant)',
};
const httpApp = {
  regex: '^(\\.\\./)+http/',
  message:
    'routes and services use src/route-kit; only the composition (main, runtime, tests) builds the HTTP app',
};
const serverSrc = 'apps/server/src';

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
    files: [`${serverSrc}/lib/**/*.ts`, `${serverSrc}/crypto/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [innermost] }] },
  },
  {
    files: [`${serverSrc}/db/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dbLayer(1)] }] },
  },
  {
    files: [`${serverSrc}/db/migrations/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [dbLayer(2)] }] },
  },
  {
    // Modules, analytics, jobs, the brokers, sockets, the route kit, observability, boot.
    files: [`${serverSrc}/**/*.ts`],
    ignores: [
      `${serverSrc}/{lib,crypto,db,http,cli}/**`,
      `${serverSrc}/{container,runtime,main}.ts`,
      `${serverSrc}/**/build-*.ts`,
      `${serverSrc}/boot/simulated-*.ts`,
      '**/*.test.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [repositories, tools, httpApp] }] },
  },
  {
    // The composition: it builds repositories and the HTTP app, but never reaches the tools.
    files: [
      `${serverSrc}/{http,cli}/**/*.ts`,
      `${serverSrc}/{container,runtime,main}.ts`,
      `${serverSrc}/**/build-*.ts`,
    ],
    ignores: [`${serverSrc}/cli/*.command.ts`, '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tools] }] },
  },
  {
    // The dev tools use the product through its services and modules' APIs, like any other caller.
    files: ['apps/server/tools/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...repositories, regex: '^(\\.\\./)+src/.*\\.repository(\\.ts)?$' }] },
      ],
    },
  },
);
