#!/usr/bin/env node
// The browser suite: builds the web app when it is missing, then runs e2e/tests/*.test.mjs with
// node:test, one file at a time (each starts its own server). Without Chromium it says so and
// passes, so `npm test` works on a machine without a browser; CI installs one (.ci/run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromiumPath, hasChromium } from './support/browser.mjs';
import { root } from './support/server.mjs';

if (!hasChromium()) {
  console.log(
    `e2e: skipped, no Chromium at ${chromiumPath}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(0);
}

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

// Build when the bundle is missing or older than its sources, so the suite never tests a stale UI.
const bundle = path.join(root, 'apps/web/dist/index.html');
const sources = ['apps/web/src', 'apps/web/index.html', 'packages/contracts/src'].map((p) =>
  path.join(root, p),
);
const stale =
  existsSync(bundle) &&
  Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs))) >
    statSync(bundle).mtimeMs;
if (!existsSync(bundle) || stale) {
  console.log(
    `e2e: building the web app first (apps/web/dist is ${stale ? 'older than its sources' : 'missing'})`,
  );
  const build = spawnSync('npm', ['run', 'build', '-w', '@dtwin/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The browser tests start the compiled server: compiled here once (when its sources changed),
// not by the first test's server against its start-up timeout.
const serverBuild = spawnSync(process.execPath, ['apps/server/bin/build.js'], {
  cwd: root,
  stdio: 'inherit',
});
if (serverBuild.status !== 0) process.exit(serverBuild.status ?? 1);

const only = process.argv.slice(2);
const dir = path.join(root, 'e2e/tests');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => path.join(dir, f));

const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
