/**
 * Write throughput of the telemetry store, outside the test suite (timings do not belong in
 * unit tests). Run from apps/server:
 *   npx tsx src/modules/telemetry/telemetry-write.bench.ts [readings=1000000] [batch=5000]
 *   DATABASE_URL=postgres://… npx tsx src/modules/telemetry/telemetry-write.bench.ts
 * `batch` is the writer's maxBatchRows. BENCH_DEVICES (100, six metrics each) sets the number
 * of series, which is what a commit costs; BENCH_IN_FLIGHT (5000) the messages awaiting their
 * acknowledgement at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres, openSqlite, type Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { systemClock } from '../../lib/clock';
import type { DomainEvents, Reading } from '../../lib/domain-events';
import { createEventBus } from '../../lib/event-bus';
import { createLogger } from '../../lib/logger';
import { createTelemetryRepository } from './telemetry.repository';
import { createTelemetryService } from './telemetry.service';

const total = Number(process.argv[2] ?? 1_000_000);
const batch = Number(process.argv[3] ?? 5_000);
const devices = Number(process.env.BENCH_DEVICES ?? 100);
const metrics = ['vibration', 'bearing_temperature', 'discharge_pressure', 'flow', 'motor_current', 'power'];
const perMessage = metrics.length;

async function open(): Promise<{ database: Database; cleanup(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-bench-'));
    const database = openSqlite(path.join(dir, 'bench.sqlite'));
    return { database, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${process.pid}`;
  const admin = openPostgres(url, { max: 1 });
  await admin.db.schema.createSchema(schema).execute();
  const database = openPostgres(url, { searchPath: schema });
  return {
    database,
    cleanup: async () => {
      await admin.db.schema.dropSchema(schema).cascade().execute();
      await admin.close();
    },
  };
}

async function main() {
  const { database, cleanup } = await open();
  await migrateToLatest(database);
  // BENCH_PRAGMAS="cache_size=-65536;wal_autocheckpoint=10000" tries SQLite tuning without editing database.ts.
  if (database.dialect === 'sqlite') {
    for (const pragma of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean)) {
      await sql.raw(`pragma ${pragma}`).execute(database.db);
    }
  }
  const now = Date.now();
  await database.db
    .insertInto('device_models')
    .values({
      id: 'pump',
      name: 'Pump',
      description: '',
      category: 'machine',
      metrics: '[]',
      properties: '[]',
      builtin: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await database.db
    .insertInto('devices')
    .values(
      Array.from({ length: devices }, (_, i) => ({
        id: `DEV_${i}`,
        name: `Device ${i}`,
        model_id: 'pump',
        token_hash: 'x',
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  const logger = createLogger({ level: 'silent' });
  const bus = createEventBus<DomainEvents>(() => {});
  let events = 0;
  bus.on('telemetry.stored', ({ readings }) => {
    events += readings.length;
  });
  // Time spent inside the database transaction, and how big the batches grew.
  const repository = createTelemetryRepository(database);
  const writes = { count: 0, rows: 0, ms: 0 };
  const writeBatch = repository.writeBatch;
  repository.writeBatch = async (points) => {
    const began = performance.now();
    const stored = await writeBatch(points);
    writes.count += 1;
    writes.rows += points.length;
    writes.ms += performance.now() - began;
    return stored;
  };
  const telemetry = createTelemetryService({
    repository,
    bus,
    clock: systemClock,
    logger,
    retention: { rawDays: 7 },
    writer: { maxBatchRows: batch, maxDelayMs: 20, maxQueuedRows: 200_000 },
  });

  // One message = one device's metrics at one instant, as MQTT delivers them; many in flight at once.
  const messages = Math.ceil(total / perMessage);
  const start0 = now - 86_400_000;
  const message = (n: number): Reading[] => {
    const deviceId = `DEV_${n % devices}`;
    const ts = start0 + Math.floor(n / devices) * 1000;
    return metrics.map((metric, k) => ({ deviceId, metric, ts, value: Math.sin(n / 50 + k) * 10 + 50 }));
  };
  // Series ids are created on first sight; warm them so the figure is the steady state.
  for (let d = 0; d < devices; d += 1) await telemetry.store(message(d));
  const first = devices;
  // Messages in flight at once, like many MQTT clients each waiting for its PUBACK.
  const concurrency = Number(process.env.BENCH_IN_FLIGHT ?? 5_000);
  let next = first;
  let stored = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) {
        const n = next++;
        const outcome = await telemetry.store(message(n));
        stored += outcome.stored;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await telemetry.close();
  console.log(
    JSON.stringify({
      dialect: database.dialect,
      readings: stored,
      events,
      batch,
      seconds: Number(seconds.toFixed(2)),
      readings_per_s: Math.round(stored / seconds),
      transactions: writes.count,
      mean_rows_per_transaction: Math.round(writes.rows / Math.max(1, writes.count)),
      share_of_time_in_transactions: Number((writes.ms / 1000 / seconds).toFixed(2)),
    }),
  );
  await database.close();
  await cleanup();
}

await main();
