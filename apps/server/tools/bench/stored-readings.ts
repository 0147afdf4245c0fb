import fs from 'node:fs';
import SQLite from 'better-sqlite3';

/**
 * Counts what the server really stored, in its own database file (read-only, beside the running
 * server: WAL lets a reader see every committed transaction). Acknowledged readings are
 * committed before their PUBACK, so a count taken after the last PUBACK includes all of them.
 */

/** Readings of these devices with a timestamp in [fromTs, toTs]. */
export function countStoredReadings(
  sqliteFile: string,
  deviceIds: string[],
  fromTs: number,
  toTs: number,
): number {
  const db = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const seriesOf = db.prepare('select id from series where device_id = ?').pluck();
    const count = db
      .prepare('select count(*) from readings where series_id = ? and ts >= ? and ts <= ?')
      .pluck();
    let total = 0;
    db.transaction(() => {
      for (const id of deviceIds) {
        for (const seriesId of seriesOf.all(id) as number[])
          total += count.get(seriesId, fromTs, toTs) as number;
      }
    })();
    return total;
  } finally {
    db.close();
  }
}

export interface DiskUsage {
  fileBytes: number;
  readings: number;
  /** The readings table alone (its B-tree pages), from SQLite's dbstat. */
  readingsTableBytes: number | null;
}

/** For a stopped server: the whole database file, and the readings table alone, per reading. */
export function diskUsage(sqliteFile: string): DiskUsage {
  const bytesOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
  const fileBytes = bytesOf(sqliteFile) + bytesOf(`${sqliteFile}-wal`);
  const db = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const readings = db.prepare('select count(*) from readings').pluck().get() as number;
    let readingsTableBytes: number | null = null;
    try {
      readingsTableBytes = db
        .prepare("select sum(pgsize) from dbstat where name in ('readings', 'sqlite_autoindex_readings_1')")
        .pluck()
        .get() as number;
    } catch {
      readingsTableBytes = null; // SQLite built without dbstat
    }
    return { fileBytes, readings, readingsTableBytes };
  } finally {
    db.close();
  }
}
