// Compiles the server (its sources, the tools its commands use, and @dtwin/contracts) to plain
// JavaScript in dist/<fingerprint>/, with esbuild. A build is named after the digest of what it
// was made from, so `ensureBuilt` finds an up-to-date build without a stamp to trust, builds only
// when a source changed, and never overwrites the files a running server may still load lazily.
//   node bin/build.js          build if needed and print the entry file
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceFingerprint } from '../../../scripts/source-fingerprint.mjs';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(serverDir, '../..');
const distDir = path.join(serverDir, 'dist');
const contractsSrc = path.join(repoRoot, 'packages/contracts/src');
const inputs = [
  'apps/server/src',
  'apps/server/tools',
  'apps/server/package.json',
  'apps/server/bin/build.js',
  'packages/contracts/src',
  'packages/contracts/package.json',
  'scripts/source-fingerprint.mjs',
];
const bundledApart = [
  'better-sqlite3',
  'pino',
  'pino-pretty',
  'thread-stream',
  'pdfkit',
  'nodemailer',
  'esbuild',
  'tsx',
  'pg-native',
  // Loaded only with a PostgreSQL database (src/db/database.ts requires it then).
  'pg',
  // Large, loaded only when a connector or the simulated plant uses them, with optional
  // dependencies and native serial bindings of their own.
  'node-opcua',
  'modbus-serial',
];

// Bundled CommonJS modules call require() for Node's built-in modules.
const requireShim =
  "import { createRequire as __dtwinRequire } from 'node:module'; const require = __dtwinRequire(import.meta.url);";
/**
 * Threads started by startThread (src/analytics/analytics-thread.ts) are entries of their own, so a
 * thread loads only the compiled modules it uses instead of compiling its TypeScript sources.
 */
const threads = {
  'build-scoring-thread': 'src/modules/anomaly/build-scoring-thread.ts',
};
/** Builds kept besides the current one (a server started from one may still load its chunks). */
const keptBuilds = 3;

// esbuild bundles every module into a few files in dist/, so a module that finds files relative
// to itself (`new URL('../../package.json', import.meta.url)`) is given its source file's URL.
const sourceUrls = (outDir) => ({
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const relative = path.relative(outDir, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
});

// Every npm package stays an import, except the workspace's contracts, which are TypeScript.
const contracts = {
  name: 'contracts-from-source',
  setup(build) {
    build.onResolve({ filter: /^@dtwin\/contracts\// }, (args) => ({
      path: path.join(contractsSrc, `${args.path.slice('@dtwin/contracts/'.length)}.ts`),
    }));
  },
};

export function currentFingerprint() {
  return sourceFingerprint(repoRoot, inputs).slice(0, 16);
}

function pruneOldBuilds(current) {
  const builds = fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== current)
    .map((d) => ({ dir: path.join(distDir, d.name), mtime: fs.statSync(path.join(distDir, d.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const stale = (d) => d.dir.includes('.tmp-') && Date.now() - d.mtime > 10 * 60_000;
  for (const build of builds.filter((d, i) => i >= keptBuilds || stale(d)))
    fs.rmSync(build.dir, { recursive: true, force: true });
}

/** The compiled CLI's entry file, built first when the sources changed since the last build. */
export async function ensureBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const fingerprint = currentFingerprint();
  const outDir = path.join(distDir, fingerprint);
  const entry = path.join(outDir, 'dtwin.js');
  if (fs.existsSync(entry)) return entry;

  const startedAt = performance.now();
  // Built beside, then renamed into place: a concurrent start sees a whole build or none.
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  const { build } = await import('esbuild');
  await build({
    entryPoints: {
      dtwin: path.join(serverDir, 'src/cli/dtwin.ts'),
      ...Object.fromEntries(
        Object.entries(threads).map(([name, file]) => [name, path.join(serverDir, file)]),
      ),
    },
    outdir: tmpDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too (resolving and reading hundreds of small files was most of
    // the start-up), except those that load files of their own, native code or worker threads.
    external: bundledApart,
    banner: { js: requireShim },
    // The URL of the compiled file itself (every file of a build sits in its root), where
    // `import.meta.url` is rewritten to the source's below; undefined when run from sources.
    define: { 'import.meta.dtwinBuildUrl': 'import.meta.url' },
    // Less source for Node to hold and parse; names are kept, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    plugins: [contracts, sourceUrls(tmpDir)],
  });
  try {
    fs.renameSync(tmpDir, outDir);
  } catch (err) {
    // Another process finished the same build first.
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw err;
  }
  pruneOldBuilds(fingerprint);
  log(`dtwin: compiled the server to dist/${fingerprint} in ${Math.round(performance.now() - startedAt)} ms`);
  return entry;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.stdout.write(`${await ensureBuilt()}\n`);
}
