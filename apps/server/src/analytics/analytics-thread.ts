import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

declare global {
  interface ImportMeta {
    /** The compiled file's own URL in a production build (bin/build.js defines it); undefined from sources. */
    readonly dtwinBuildUrl?: string;
  }
}

/**
 * Boots a thread on a module of this program. Compiled, the thread runs its own entry of the
 * build (`<name>.js` beside the other compiled files, listed in bin/build.js), which loads only
 * the modules it uses. From the TypeScript sources (tests, DTWIN_FROM_SOURCES), the thread
 * registers tsx first, which a new thread does not inherit.
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

/** Where the thread's module is: the build's entry when compiled (`buildUrl`), else the source beside `from`. */
export function threadModule(from: string, name: string, buildUrl: string | undefined) {
  if (buildUrl) return { main: new URL(`./${name}.js`, buildUrl).href, tsx: undefined };
  const typescript = from.endsWith('.ts');
  const main = new URL(`./${name}${typescript ? '.ts' : '.js'}`, from).href;
  const tsx = typescript
    ? pathToFileURL(
        createRequire(import.meta.url)
          .resolve('tsx/esm/api')
          .replace(/index\.cjs$/, 'index.mjs'),
      ).href
    : undefined;
  return { main, tsx };
}

/** `name` is the module's file name without its extension, beside `from` (an `import.meta.url`). */
export function startThread(
  from: string,
  name: string,
  data: Record<string, unknown>,
  options: Pick<ConstructorParameters<typeof Worker>[1] & object, 'resourceLimits'> = {},
): Worker {
  const { main, tsx } = threadModule(from, name, import.meta.dtwinBuildUrl);
  return new Worker(bootstrap, { ...options, eval: true, workerData: { ...data, main, tsx } });
}
