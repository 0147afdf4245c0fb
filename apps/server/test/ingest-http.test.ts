import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { history, postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('HTTP ingestion on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let token: string;
  const iso = (ms: number) => new Date(ms).toISOString();
  const stats = async () =>
    (await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/ingest', token: admin })).json() as {
      accepted: number;
      duplicates: number;
      rejected: Record<string, number>;
      last_rejection: { reason: string } | null;
    };

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'accepts every payload form and makes the readings readable as soon as it answers',
    async () => {
      const t = server.clock.now() - 60_000;
      expect(
        (
          await postTelemetry(server, 'PUMP_1', token, { ts: iso(t), metrics: { vibration: 1.1, flow: 55 } })
        ).json(),
      ).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      expect(
        (
          await postTelemetry(server, 'PUMP_1', token, [
            { ts: t + 1000, metrics: { vibration: 1.2 } },
            { ts: t + 2000, metrics: { vibration: 1.3 } },
          ])
        ).statusCode,
      ).toBe(200);
      expect((await postTelemetry(server, 'PUMP_1', token, { vibration: 1.4 })).statusCode).toBe(200);

      const series = await history(server, admin, 'PUMP_1', 'vibration', {
        from: iso(t - 1000),
        to: iso(server.clock.now() + 1000),
      });
      expect(series.step).toBe('raw');
      expect(series.unit).toBe('mm/s');
      expect(series.points.map((p) => p.value)).toEqual([1.1, 1.2, 1.3, 1.4]);
    },
  );

  it.skipIf(skip)('stores a duplicate once and accepts late, out-of-order readings', async () => {
    const t = server.clock.now() - 3_600_000;
    await postTelemetry(server, 'PUMP_1', token, { ts: t + 2000, metrics: { flow: 60 } });
    const dup = await postTelemetry(server, 'PUMP_1', token, [
      { ts: t + 2000, metrics: { flow: 60 } },
      { ts: t, metrics: { flow: 58 } },
    ]);
    expect(dup.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const series = await history(server, admin, 'PUMP_1', 'flow', {
      from: iso(t - 1000),
      to: iso(t + 10_000),
    });
    expect(series.points.map((p) => [p.ts, p.value])).toEqual([
      [iso(t), 58],
      [iso(t + 2000), 60],
    ]);
    expect((await stats()).duplicates).toBe(1);
  });

  it.skipIf(skip)(
    'rejects each kind of bad input with its reason, counts it, and keeps the good part',
    async () => {
      const now = server.clock.now();
      const mixed = await postTelemetry(server, 'PUMP_1', token, {
        metrics: { vibration: 1.0, warp_factor: 9, flow: 'fast' },
      });
      expect(mixed.statusCode).toBe(200);
      expect(mixed.json()).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [
          { metric: 'warp_factor', reason: 'unknown_metric' },
          { metric: 'flow', reason: 'invalid_payload' },
        ],
      });
      const refused = [
        [await postTelemetry(server, 'PUMP_1', token, '{"metrics": {"vibration": 1e999}}'), 'non_finite'],
        [
          await postTelemetry(server, 'PUMP_1', token, { ts: now + 3_600_000, metrics: { vibration: 1 } }),
          'future_timestamp',
        ],
        [
          await postTelemetry(server, 'PUMP_1', token, { ts: 'yesterday', metrics: { vibration: 1 } }),
          'bad_timestamp',
        ],
        [
          await postTelemetry(server, 'PUMP_1', token, {
            ts: now - 30 * 86_400_000,
            metrics: { vibration: 1 },
          }),
          'too_old',
        ],
        [
          await postTelemetry(server, 'PUMP_1', token, {
            ts: '2026-13-45T99:99Z',
            metrics: { vibration: 1 },
          }),
          'bad_timestamp',
        ],
        [await postTelemetry(server, 'PUMP_1', token, { metrics: { vibration: 1e308 } }), 'out_of_range'],
        [await postTelemetry(server, 'PUMP_1', token, '{"vibration": 1.0,'), 'malformed_json'],
        [await postTelemetry(server, 'PUMP_1', token, [1, 2, 3]), 'invalid_payload'],
      ] as const;
      for (const [res, reason] of refused) {
        expect(res.statusCode, reason).toBe(400);
        expect((res.json() as { rejected: Array<{ reason: string }> }).rejected[0]?.reason).toBe(reason);
      }
      const counted = await stats();
      expect(counted.accepted).toBe(1);
      expect(counted.rejected).toMatchObject({
        unknown_metric: 1,
        non_finite: 1,
        future_timestamp: 1,
        bad_timestamp: 2,
        out_of_range: 1,
        too_old: 1,
        malformed_json: 1,
        invalid_payload: 2,
      });
      expect(counted.last_rejection?.reason).toBe('invalid_payload');
    },
  );

  it.skipIf(skip)(
    "refuses a wrong token, an unknown device and another device's token with 401",
    async () => {
      const otherToken = await registerDevice(server, admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
      expect((await postTelemetry(server, 'PUMP_1', 'not-the-token', { vibration: 1 })).statusCode).toBe(401);
      expect((await postTelemetry(server, 'NO_SUCH', token, { vibration: 1 })).statusCode).toBe(401);
      expect((await postTelemetry(server, 'PUMP_1', otherToken, { vibration: 1 })).statusCode).toBe(401);
      const none = await server.inject({
        method: 'POST',
        url: '/ingest/devices/PUMP_1/telemetry',
        payload: { vibration: 1 },
      });
      expect(none.statusCode).toBe(401);
      expect((await stats()).accepted).toBe(0);
    },
  );

  it.skipIf(skip)('chooses the history tier from the range', async () => {
    // Forward to a minute boundary (never back: the token would be from the future), so the
    // two readings 10 s apart share one 1-minute bucket.
    server.clock.set(Math.ceil(server.clock.now() / 60_000) * 60_000);
    const now = server.clock.now();
    const day = 86_400_000;
    await postTelemetry(server, 'PUMP_1', token, [
      { ts: now - 2 * day, metrics: { flow: 50 } },
      { ts: now - 2 * day + 10_000, metrics: { flow: 70 } },
      { ts: now - 60_000, metrics: { flow: 65 } },
    ]);
    expect(
      (await history(server, admin, 'PUMP_1', 'flow', { from: iso(now - 3_600_000), to: iso(now) })).step,
    ).toBe('raw');
    const week = await history(server, admin, 'PUMP_1', 'flow', { from: iso(now - 3 * day), to: iso(now) });
    expect(week.step).toBe('1m');
    expect(week.points[0]).toMatchObject({ min: 50, max: 70, mean: 60, count: 2 });
    const month = await history(server, admin, 'PUMP_1', 'flow', { from: iso(now - 30 * day), to: iso(now) });
    expect(month.step).toBe('1h');
    expect(month.points.length).toBeLessThanOrEqual(720);
    // Longer than `limit` hours: whole UTC days, so the chart covers the range, newest included.
    const year = await history(server, admin, 'PUMP_1', 'flow', { from: iso(now - 365 * day), to: iso(now) });
    expect(year.step).toBe('1d');
    const startOfDay = (ms: number) => iso(Math.floor(ms / day) * day);
    expect(year.points).toEqual([
      { ts: startOfDay(now - 2 * day), value: 60, min: 50, max: 70, mean: 60, count: 2 },
      { ts: startOfDay(now - 60_000), value: 65, min: 65, max: 65, mean: 65, count: 1 },
    ]);
    expect(
      (await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/telemetry?metric=warp', token: admin }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await server.inject({
          method: 'GET',
          url: `/api/devices/PUMP_1/telemetry?metric=flow&from=${iso(now)}&to=${iso(now - 1000)}`,
          token: admin,
        })
      ).statusCode,
    ).toBe(400);
  });
});
