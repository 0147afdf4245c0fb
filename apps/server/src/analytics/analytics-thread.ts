import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Boots a thread on a module of this program. The server runs its TypeScript sources through
 * tsx, which a new thread does not inherit: the thread registers it first when the module is a
 * `.ts` file (a compiled build loads its `.js` directly).
 */
const bootstrap = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.main);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

/** `name` is the module's file name without its extension, beside `from` (an `import.meta.url`). */
export function startThread(from: string, name: string, data: Record<string, unknown>): Worker {
  const typescript = from.endsWith('.ts');
  const main = new URL(`./${name}${typescript ? '.ts' : '.js'}`, from).href;
  const tsx = typescript
    ? pathToFileURL(
        createRequire(import.meta.url)
          .resolve('tsx/esm/api')
          .replace(/index\.cjs$/, 'index.mjs'),
      ).href
    : undefined;
  return new Worker(bootstrap, { eval: true, workerData: { ...data, main, tsx } });
}
