// `npm start` builds the web app only when what it is built from changed since the last build:
// the digest of those files is kept beside node_modules' other caches, and dist/ must exist.
//   node scripts/build-if-stale.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStamp, sourceFingerprint, writeStamp } from '../../../scripts/source-fingerprint.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(webDir, '../..');
const stampFile = path.join(webDir, 'node_modules/.cache/dtwin-web-build.json');
const inputs = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/contracts/src',
  'package-lock.json',
];

const fingerprint = sourceFingerprint(repoRoot, inputs);
if (readStamp(stampFile) === fingerprint && fs.existsSync(path.join(webDir, 'dist/index.html'))) {
  process.stdout.write('web: dist/ is up to date, not rebuilt\n');
} else {
  const { build } = await import('vite');
  await build({ root: webDir, logLevel: 'warn' });
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  writeStamp(stampFile, fingerprint);
  process.stdout.write('web: built dist/\n');
}
