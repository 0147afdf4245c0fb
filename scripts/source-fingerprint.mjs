// A digest of the files a build reads, so a build runs only when one of them changed (content,
// not modification times: a checkout that rewrites the same text does not force a rebuild).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const skipped = (name) => name === 'node_modules' || name === 'dist' || /\.test\.tsx?$/.test(name);

function addFiles(hash, root, entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    hash.update(`missing:${path.relative(root, entry)}\n`);
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) {
      if (!skipped(name)) addFiles(hash, root, path.join(entry, name));
    }
    return;
  }
  hash.update(`${path.relative(root, entry)}\n`);
  hash.update(fs.readFileSync(entry));
}

/** sha256 over the paths (relative to `root`) and contents of `entries`, directories walked in order. */
export function sourceFingerprint(root, entries) {
  const hash = crypto.createHash('sha256');
  for (const entry of entries) addFiles(hash, root, path.resolve(root, entry));
  return hash.digest('hex');
}

/** The fingerprint a build wrote beside its output, or null when there is none. */
export function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).fingerprint ?? null;
  } catch {
    return null;
  }
}

export function writeStamp(file, fingerprint) {
  fs.writeFileSync(file, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
}
