/**
 * What kind of trouble a failed database write is, whatever the driver: the disk is full (the
 * write may succeed once space returns), the database cannot be reached (it may come back), or
 * something else (a bug or bad data: retrying will not help, but it is not the database's fault).
 */
export type StorageFault = 'disk_full' | 'database_unavailable';

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', '53100' /* PostgreSQL disk_full */]);
const UNAVAILABLE_CODES = new Set([
  // Node's sockets, and SQLite's I/O failures (a missing or unreadable file, a lost mount).
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EIO',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_BUSY',
  'SQLITE_PROTOCOL',
  // PostgreSQL: connection exceptions (08…), shutting down, too many connections, out of memory.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53200',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)|not queryable|Cannot use a pool after calling end/i;

export function classifyStorageError(err: unknown): StorageFault | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (DISK_FULL_CODES.has(code)) return 'disk_full';
      if (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR') || code.startsWith('08'))
        return 'database_unavailable';
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') {
      if (/database or disk is full|No space left on device/i.test(message)) return 'disk_full';
      if (UNAVAILABLE_MESSAGES.test(message)) return 'database_unavailable';
    }
  }
  return null;
}
