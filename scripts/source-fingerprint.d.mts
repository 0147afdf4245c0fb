/** sha256 over the paths (relative to `root`) and contents of `entries`, directories walked in order. */
export function sourceFingerprint(root: string, entries: string[]): string;
/** The fingerprint a build wrote beside its output, or null when there is none. */
export function readStamp(file: string): string | null;
export function writeStamp(file: string, fingerprint: string): void;
