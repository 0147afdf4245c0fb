import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compatibility vectors live beside the repository (`<repo>/../shared/vectors`), not in it.
 * A missing folder must fail the suite loudly: a skipped compatibility test looks like a pass.
 */

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (parsed.workspaces !== undefined) return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no root package.json (one with "workspaces") above ${start}`);
    }
  }
}

const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

export const vectorsDir = path.resolve(repoRoot, '../shared/vectors');

export function readVector(relPath: string): unknown {
  if (!existsSync(vectorsDir)) {
    throw new Error(
      `compatibility vectors not found at ${vectorsDir} (expected the shared folder beside the repository root ${repoRoot})`,
    );
  }
  const file = path.resolve(vectorsDir, relPath);
  if (!existsSync(file)) throw new Error(`compatibility vector file not found: ${file}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}
