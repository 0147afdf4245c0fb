import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres, openSqlite, type Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { fakeClock } from '../src/lib/clock';
import type { DomainEvents, Reading } from '../src/lib/domain-events';
import { createEventBus } from '../src/lib/event-bus';
import { createLogger } from '../src/lib/logger';
import type { TelemetryWriterOptions } from '../src/modules/telemetry/telemetry-writer';
import { createTelemetryRepository } from '../src/modules/telemetry/telemetry.repository';
import { createTelemetryStorage } from '../src/modules/telemetry/telemetry-storage';
import { createTelemetryService } from '../src/modules/telemetry/telemetry.service';
import { openTestDatabase, postgresUrl } from './support/server';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** "Now" for every telemetry test: a fixed instant, so buckets and retention are predictable. */
export const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);

export const devices = ['PUMP_1', 'PUMP_2'];

/**
 * The telemetry service on a real, migrated database (SQLite or a PostgreSQL schema) with two
 * temperature sensors, a fake clock at NOW and a bus that records what it is told.
 */
export async function openTelemetry(
  dialect: 'sqlite' | 'postgres',
  options: { writer?: Partial<TelemetryWriterOptions>; rawDays?: number; deferRollups?: boolean } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-telemetry-'));
  const database = await openTestDatabase(dialect, dir);
  await migrateToLatest(database);
  const db = database.db;
  await db
    .insertInto('device_models')
    .values({
      id: 'temperature_sensor',
      name: 'Temperature sensor',
      description: '',
      category: 'sensor',
      metrics: '[]',
      properties: '[]',
      builtin: 1,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('devices')
    .values(
      devices.map((id) => ({
        id,
        name: id,
        model_id: 'temperature_sensor',
        token_hash: 'unused',
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();

  const clock = fakeClock(NOW);
  const events: Reading[][] = [];
  const bus = createEventBus<DomainEvents>((_event, err) => {
    throw err;
  });
  bus.on('telemetry.stored', ({ readings }) => {
    events.push(readings);
  });
  const logger = createLogger({ level: 'silent' });
  const repository = createTelemetryRepository(database);
  const telemetry = createTelemetryService({
    storage: createTelemetryStorage({
      repository,
      clock,
      logger,
      // As the server does: rollups held in memory on SQLite, written with each batch on PostgreSQL.
      deferRollups: options.deferRollups ?? dialect === 'sqlite',
    }),
    bus,
    clock,
    logger,
    retention: { rawDays: options.rawDays ?? 7 },
    writer: { maxDelayMs: 1, ...options.writer },
  });

  const opened: Database[] = [];
  return {
    database,
    db,
    clock,
    bus,
    events,
    repository,
    telemetry,
    /** A second connection: what it sees is what another process (or a restart) would see. */
    async freshConnection(): Promise<Database> {
      let other: Database;
      if (database.dialect === 'sqlite') {
        other = openSqlite(path.join(dir, 'test.sqlite'));
      } else {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
        other = openPostgres(postgresUrl ?? '', { searchPath: rows[0]?.schema ?? 'public', max: 1 });
      }
      opened.push(other);
      return other;
    },
    async close() {
      await telemetry.close();
      for (const other of opened) await other.close();
      await database.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TelemetryFixture = Awaited<ReturnType<typeof openTelemetry>>;

export const reading = (ts: number, value: number, deviceId = 'PUMP_1', metric = 'temperature'): Reading => ({
  deviceId,
  metric,
  ts,
  value,
});

/** Counts rows with a connection of its own. */
export async function countRows(
  database: Database,
  table: 'readings' | 'rollups_1m' | 'rollups_1h' | 'series',
) {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
