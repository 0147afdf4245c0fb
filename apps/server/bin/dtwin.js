#!/usr/bin/env node
// Runs the compiled server (dist/<fingerprint>/, see build.js), compiling it first when a source
// changed since the last build. DTWIN_FROM_SOURCES=1 runs the TypeScript sources through tsx
// instead, as the tests do.
import { pathToFileURL } from 'node:url';

if (process.env.DTWIN_FROM_SOURCES === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/dtwin.ts');
} else {
  const { ensureBuilt } = await import('./build.js');
  await import(pathToFileURL(await ensureBuilt()).href);
}
