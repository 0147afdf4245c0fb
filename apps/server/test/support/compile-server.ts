import { ensureBuilt } from '../../bin/build.js';

/** vitest's global setup: compiles the server (when a source changed) before any test spawns it. */
export default async function compileServer() {
  await ensureBuilt({ log: () => {} });
}
