import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A thread of its own (with its own connection) that copies SQLite's write-ahead log back into
 * the database file every `intervalMs`, so the writing thread never waits for that copy and its
 * fsync. PASSIVE checkpoints never block readers or writers; pages the writer changed several
 * times since the last one are copied once.
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startWalCheckpointer(
  file: string,
  intervalMs = 250,
  onError: (message: string) => void = () => {},
) {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { file, driver, intervalMs } });
  worker.on('message', onError);
  worker.on('error', (err) => onError(String(err)));
  worker.unref();
  return {
    async close(): Promise<void> {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.ref(); // keeps the process up until the thread has closed its connection
      worker.postMessage('close');
      await exited;
    },
  };
}
