import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** A small tmpfs of the test's own, so the disk really fills; only root may mount one. */
function mountSmallDisk(): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir]);
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const disk = mountSmallDisk();
if (!disk) console.warn('disk-full suite skipped: cannot mount a tmpfs here (needs root)');

/** Fills the disk with a file of its own; deleting it gives the space back. */
function fill(dir: string): string {
  const file = path.join(dir, `filler-${Date.now()}`);
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

describe.skipIf(!disk)('the disk fills up under ingest, then space comes back', () => {
  let server: TestServer;
  let admin: string;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite', {}, { dir: disk! });
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterAll(() => {
    if (!disk) return;
    execFileSync('umount', ['-l', disk]);
    fs.rmSync(disk, { recursive: true, force: true });
  });

  const readyz = async () => {
    const res = await server.inject({ method: 'GET', url: '/readyz' });
    return { status: res.statusCode, body: res.json() as { failing?: string[] } };
  };

  it('refuses while full, tells readiness, resumes by itself, and shuts down cleanly while full', async () => {
    const base = server.clock.now() - 3_600_000;
    const acked: number[] = [];
    const statuses: number[] = [];
    let stop = false;
    let i = 0;
    const producer = (async () => {
      while (!stop) {
        // 200 readings a request, so the database keeps wanting new pages.
        const envelopes = Array.from({ length: 200 }, () => ({ ts: base + i++, metrics: { flow: 1 } }));
        const res = await postTelemetry(server, 'PUMP_1', token, envelopes);
        statuses.push(res.statusCode);
        if (res.statusCode === 200) acked.push(...envelopes.map((e) => e.ts));
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
    let filler = '';
    try {
      await expect.poll(() => acked.length, { timeout: 10_000 }).toBeGreaterThan(1000);
      filler = fill(disk!);
      await expect
        .poll(readyz, { timeout: 20_000 })
        .toEqual({ status: 503, body: { status: 'not_ready', failing: ['disk_full'] } });
      expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(statuses.at(-1)).toBe(503);
      expect(statuses).not.toContain(500);

      fs.rmSync(filler);
      const ackedWhenFreed = acked.length;
      await expect.poll(() => acked.length, { timeout: 15_000 }).toBeGreaterThan(ackedWhenFreed + 1000);
      await expect.poll(async () => (await readyz()).status, { timeout: 10_000 }).toBe(200);
    } finally {
      stop = true;
      await producer;
    }
    const query = new URLSearchParams({
      metric: 'flow',
      from: new Date(base).toISOString(),
      to: new Date(base + i + 1).toISOString(),
      step: 'raw',
      limit: '20000',
    });
    const stored = new Set<number>();
    for (let from = base; from < base + i;) {
      query.set('from', new Date(from).toISOString());
      const res = await server.inject({
        method: 'GET',
        url: `/api/devices/PUMP_1/telemetry?${query}`,
        token: admin,
      });
      const points = (res.json() as { points: Array<{ ts: string }> }).points;
      points.forEach((p) => stored.add(Date.parse(p.ts)));
      if (points.length < 20_000) break;
      from = Date.parse(points.at(-1)!.ts) + 1;
    }
    expect(acked.filter((ts) => !stored.has(ts))).toEqual([]);

    // Full again with rollups held in memory: closing must still succeed (they are rebuilt at
    // the next start from the raw readings, as after a crash).
    await postTelemetry(server, 'PUMP_1', token, { ts: server.clock.now() - 1000, metrics: { flow: 2 } });
    filler = fill(disk!);
    await expect(server.close({ keepData: true })).resolves.toBeUndefined();
    fs.rmSync(filler);
  }, 90_000);
});
