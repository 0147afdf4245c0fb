import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, openSqlite, type Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { createJobQueue } from '../src/jobs/job-queue';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner, type JobRunnerOptions } from '../src/jobs/job-runner';
import type { JobHandlers } from '../src/jobs/job-types';
import { scheduleRecurringJobs } from '../src/jobs/recurring-jobs';
import { fakeClock } from '../src/lib/clock';
import { AppError } from '../src/lib/errors';
import { createLogger } from '../src/lib/logger';
import { dialects, openTestDatabase, postgresUrl } from './support/server';

const logger = createLogger({ level: 'silent' });
const START = Date.UTC(2026, 10, 27, 8, 0, 0);

/** A migrated database, a second connection to it (another worker process), a fake clock. */
async function openQueue(dialect: 'sqlite' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-jobs-'));
  const database = await openTestDatabase(dialect, dir);
  await migrateToLatest(database);
  let other: Database;
  if (dialect === 'sqlite') other = openSqlite(path.join(dir, 'test.sqlite'));
  else {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    other = openPostgres(postgresUrl!, { searchPath: rows[0]!.schema, max: 4 });
  }
  const clock = fakeClock(START);
  const repository = createJobRepository(database);
  const queue = createJobQueue({ jobs: repository, clock });
  const runner = (handlers: JobHandlers, options: Partial<JobRunnerOptions> = {}, db: Database = database) =>
    createJobRunner({
      jobs: createJobRepository(db),
      handlers,
      clock,
      logger,
      options: { pollMs: 10, ...options },
    });
  return {
    database,
    other,
    clock,
    repository,
    queue,
    runner,
    row: (id: string) => repository.get(id),
    async close() {
      await other.close();
      await database.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(dialects)('the job queue on $name', ({ name, skip }) => {
  let q: Awaited<ReturnType<typeof openQueue>>;
  afterEach(async () => {
    if (!skip) await q.close();
  });

  it.skipIf(skip)('runs each job once when two workers in two connections compete for them', async () => {
    q = await openQueue(name);
    const runs = new Map<string, string[]>();
    const handlers = (worker: string): JobHandlers => ({
      'telemetry.compact': async ({ id }) => {
        runs.set(id, [...(runs.get(id) ?? []), worker]);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) ids.push((await q.queue.enqueue('telemetry.compact', {}))!);
    const a = q.runner(handlers('a'), { concurrency: 3 });
    const b = q.runner(handlers('b'), { concurrency: 3 }, q.other);
    a.start();
    b.start();
    const deadline = Date.now() + 20_000;
    while ((await q.repository.countByStatus()).succeeded < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all([a.stop(), b.stop()]);

    expect(await q.repository.countByStatus()).toMatchObject({
      succeeded: 40,
      queued: 0,
      running: 0,
      failed: 0,
    });
    for (const id of ids) expect(runs.get(id), id).toHaveLength(1);
    const byWorker = [...runs.values()].flat();
    // Both took a share: the claims really competed.
    expect(byWorker.filter((w) => w === 'a').length).toBeGreaterThan(0);
    expect(byWorker.filter((w) => w === 'b').length).toBeGreaterThan(0);
  });

  it.skipIf(skip)('hands a job to one of many simultaneous claims', async () => {
    q = await openQueue(name);
    await q.queue.enqueue('telemetry.compact', {});
    const repos = [createJobRepository(q.database), createJobRepository(q.other)];
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        repos[i % 2]!.claim(['telemetry.compact'], `w${i}`, q.clock.now(), 60_000),
      ),
    );
    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
  });

  it.skipIf(skip)('retries a failing job with exponential backoff, then succeeds', async () => {
    q = await openQueue(name);
    let calls = 0;
    const runner = q.runner({
      'telemetry.retention': async () => {
        calls += 1;
        if (calls < 3) throw new Error(`disk busy (${calls})`);
        return { raw: 5 };
      },
    });
    const id = (await q.queue.enqueue('telemetry.retention', {}))!;

    expect(await runner.drain()).toBe(1);
    let row = await q.row(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, error: 'disk busy (1)' });
    expect(Number(row!.run_at)).toBe(START + 30_000); // the first wait: 30 s
    expect(await q.queue.get(id)).not.toHaveProperty('error'); // still queued: no error shown yet

    q.clock.advance(29_999);
    expect(await runner.drain()).toBe(0); // not due yet
    q.clock.advance(1);
    expect(await runner.drain()).toBe(1);
    row = await q.row(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(Number(row!.run_at)).toBe(START + 30_000 + 60_000); // then twice as long

    q.clock.advance(60_000);
    expect(await runner.drain()).toBe(1);
    expect(await q.queue.get(id)).toMatchObject({
      status: 'succeeded',
      progress: 1,
      attempts: 3,
      result: { raw: 5 },
    });
  });

  it.skipIf(skip)('fails a job for good after its attempts, and at once on a client error', async () => {
    q = await openQueue(name);
    const runner = q.runner({
      'telemetry.compact': async () => {
        throw new Error('always broken');
      },
      'telemetry.retention': async () => {
        throw new AppError('not_found', 'no such device');
      },
    });
    const broken = (await q.queue.enqueue('telemetry.compact', {}))!;
    const permanent = (await q.queue.enqueue('telemetry.retention', {}))!;
    for (let i = 0; i < 5; i += 1) {
      await runner.drain();
      q.clock.advance(10 * 60_000);
    }
    expect(await q.queue.get(broken)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'always broken',
    });
    expect(await q.queue.get(permanent)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'no such device',
    });
  });

  it.skipIf(skip)('re-queues a job whose worker died once its lease runs out', async () => {
    q = await openQueue(name);
    const id = (await q.queue.enqueue('telemetry.compact', {}))!;
    // A worker takes it and dies: nothing renews the lease any more.
    expect(
      await q.repository.claim(['telemetry.compact'], 'dead-worker', q.clock.now(), 60_000),
    ).toBeDefined();
    let ran = 0;
    const runner = q.runner({ 'telemetry.compact': async () => void (ran += 1) }, { leaseMs: 60_000 });

    expect(await runner.drain()).toBe(0);
    expect(await q.row(id)).toMatchObject({ status: 'running', locked_by: 'dead-worker' });
    q.clock.advance(60_001);
    expect(await runner.drain()).toBe(1);
    expect(ran).toBe(1);
    expect(await q.queue.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    // The dead worker, should it wake up, cannot overwrite what the other one stored.
    expect(await q.repository.fail(id, 'dead-worker', 'late', q.clock.now())).toBe(false);
  });

  it.skipIf(skip)('fails a job that took down its worker on every attempt instead of looping', async () => {
    q = await openQueue(name);
    const id = (await q.queue.enqueue('telemetry.compact', {}))!;
    for (let i = 0; i < 3; i += 1) {
      await q.repository.recoverExpired(q.clock.now());
      expect(
        await q.repository.claim(['telemetry.compact'], `crashing-${i}`, q.clock.now(), 1000),
      ).toBeDefined();
      q.clock.advance(1001);
    }
    await q.repository.recoverExpired(q.clock.now());
    expect(await q.queue.get(id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it.skipIf(skip)('stores progress while a job runs, readable from another connection', async () => {
    q = await openQueue(name);
    const seen: number[] = [];
    const id = (await q.queue.enqueue('telemetry.compact', {}))!;
    const runner = q.runner(
      {
        'telemetry.compact': async ({ progress, id: jobId }) => {
          for (const p of [0.25, 0.5, 0.75]) {
            await progress(p);
            seen.push((await q.queue.get(jobId)).progress);
          }
        },
      },
      { progressIntervalMs: 0 },
      q.other, // "another process", on its own connection
    );
    expect((await q.queue.get(id)).status).toBe('queued');
    await runner.drain();
    expect(seen).toEqual([0.25, 0.5, 0.75]);
    expect(await q.queue.get(id)).toMatchObject({ status: 'succeeded', progress: 1 });
  });

  it.skipIf(skip)('queues each recurring job once per period however many schedulers run', async () => {
    q = await openQueue(name);
    const tasks: Array<() => Promise<unknown>> = [];
    const scheduler = {
      every: (_n: string, _ms: number, task: () => Promise<unknown>) => void tasks.push(task),
    };
    const jobs = [{ type: 'telemetry.retention' as const, everyMs: 3_600_000 }];
    const one = scheduleRecurringJobs({ scheduler, queue: q.queue, clock: q.clock, jobs });
    const two = scheduleRecurringJobs({
      scheduler,
      queue: createJobQueue({ jobs: createJobRepository(q.other), clock: q.clock }),
      clock: q.clock,
      jobs,
    });
    await Promise.all([one.enqueueDue(), two.enqueueDue(), ...tasks.map((t) => t())]);
    expect((await q.queue.list({ limit: 50 })).filter((j) => j.type === 'telemetry.retention')).toHaveLength(
      1,
    );
    q.clock.advance(3_600_000);
    await Promise.all([one.enqueueDue(), two.enqueueDue()]);
    expect((await q.queue.list({ limit: 50 })).filter((j) => j.type === 'telemetry.retention')).toHaveLength(
      2,
    );
  });

  it.skipIf(skip)('refuses a payload that does not fit its type', async () => {
    q = await openQueue(name);
    await expect(q.queue.enqueue('report.generate', { scope: 'fleet' } as never)).rejects.toThrow();
    expect(await q.queue.list({ limit: 10 })).toHaveLength(0);
  });
});
