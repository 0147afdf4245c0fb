// The first load of the web app (index.html's script, the modules it preloads and its styles),
// gzipped, must stay under the budget; the pages are split off and load when first shown.
// Run after `npm run build`: `npm run check:bundle -w @dtwin/web`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const file of new Set(files)) {
  const size = zlib.gzipSync(fs.readFileSync(path.join(dist, file))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${file}`);
}
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} kB  first load, gzipped (budget ${BUDGET_BYTES / 1024} kB)`,
);
if (total > BUDGET_BYTES) {
  console.error('the first load is over budget: split the new code off into a lazily loaded page');
  process.exit(1);
}
