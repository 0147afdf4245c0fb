/** The digest (16 hex digits) of the sources the compiled server is built from. */
export function currentFingerprint(): string;
/** The compiled CLI's entry file, built first when the sources changed since the last build. */
export function ensureBuilt(options?: { log?: (line: string) => void }): Promise<string>;
