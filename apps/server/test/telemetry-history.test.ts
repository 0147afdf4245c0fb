import { telemetrySeriesSchema, type TelemetrySeries } from '@dtwin/contracts/telemetry';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAuthentication } from '../src/http/authenticate';
import { registerErrorHandler } from '../src/http/error-handler';
import { registerNotFound } from '../src/http/not-found';
import type { App } from '../src/route-kit/types';
import { AppError } from '../src/lib/errors';
import type { AuditService } from '../src/modules/audit/audit.service';
import type { AuthService, Principal } from '../src/modules/auth/auth.service';
import { registerTelemetryRoutes } from '../src/modules/telemetry/telemetry.routes';
import { dialects } from './support/server';
import { DAY, HOUR, MINUTE, NOW, openTelemetry, reading, type TelemetryFixture } from './telemetry-fixture';

const viewer = { userId: 3, username: 'viewer', role: 'viewer' } as Principal;

/** The route on a small app with the real validation, error mapping and authentication hook. */
async function buildTelemetryApp(t: TelemetryFixture): Promise<App> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  const routes = registerNotFound(app);
  const auth = {
    authenticate: async (token: string) => {
      if (token === 'viewer-token') return viewer;
      throw new AppError('unauthorized', 'invalid or expired token');
    },
  } as unknown as AuthService;
  const audit = { record: async () => {}, recordDenied: async () => {} } as unknown as AuditService;
  registerAuthentication(app, { auth, audit, routes });
  registerTelemetryRoutes(app, {
    telemetry: t.telemetry,
    devices: {
      metricOf: async (deviceId, metric) => {
        if (deviceId !== 'PUMP_1' && deviceId !== 'PUMP_2')
          throw new AppError('not_found', `no device '${deviceId}'`);
        if (metric !== 'temperature') throw new AppError('not_found', `no metric '${metric}'`);
        return { name: 'temperature', unit: '°C' };
      },
    },
  });
  await app.ready();
  return app;
}

/**
 * 31 days of one reading every 10 minutes, then the last hour every 5 s: a month of history
 * for the long ranges and a dense recent hour for the short ones.
 */
async function seedHistory(t: TelemetryFixture) {
  const readings = [];
  for (let ts = NOW - 31 * DAY; ts < NOW - HOUR; ts += 10 * MINUTE)
    readings.push(reading(ts, (ts / MINUTE) % 50));
  for (let ts = NOW - HOUR; ts < NOW; ts += 5_000) readings.push(reading(ts, 20 + (ts % 7)));
  for (let i = 0; i < readings.length; i += 2_000) await t.telemetry.store(readings.slice(i, i + 2_000));
}

describe.each(dialects)('telemetry history on $name', ({ name, skip }) => {
  let t: TelemetryFixture;
  let app: App;
  beforeEach(async () => {
    if (skip) return;
    t = await openTelemetry(name);
    await seedHistory(t);
    app = await buildTelemetryApp(t);
  });
  afterEach(async () => {
    if (skip) return;
    await app.close();
    await t.close();
  });

  const get = async (query: string, token = 'viewer-token', device = 'PUMP_1') =>
    app.inject({
      method: 'GET',
      url: `/api/devices/${device}/telemetry?${query}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const series = async (query: string): Promise<TelemetrySeries> => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(200);
    return telemetrySeriesSchema.parse(res.json());
  };
  const since = (ms: number) => new Date(NOW - ms).toISOString();
  const times = (s: TelemetrySeries) => s.points.map((p) => Date.parse(p.ts));

  it.skipIf(skip)('serves the last hour raw by default, oldest first', async () => {
    const s = await series('metric=temperature');
    expect(s).toMatchObject({ metric: 'temperature', unit: '°C', step: 'raw', from: since(HOUR) });
    expect(s.to).toBe(new Date(NOW).toISOString());
    expect(s.points).toHaveLength(720);
    expect(times(s)).toEqual([...times(s)].sort((a, b) => a - b));
    expect(s.points[0]).toEqual({ ts: since(HOUR), value: 20 + ((NOW - HOUR) % 7) });
  });

  it.skipIf(skip)('reads 2 days from the 1-minute tier and 30 days from the 1-hour tier', async () => {
    const twoDays = await series(`metric=temperature&from=${since(2 * DAY)}`);
    expect(twoDays.step).toBe('1m');
    // 47 h at one reading per 10 min, then the dense last hour in 60 one-minute buckets.
    expect(twoDays.points).toHaveLength(47 * 6 + 60);
    const last = twoDays.points.at(-1);
    expect(last).toMatchObject({ count: 12 });
    expect(last?.value).toBe(last?.mean);
    expect(last?.min).toBeLessThanOrEqual(last?.mean ?? Number.NaN);

    const month = await series(`metric=temperature&from=${since(30 * DAY)}`);
    expect(month.step).toBe('1h');
    expect(month.points).toHaveLength(30 * 24);
    expect(month.points.at(-1)).toMatchObject({ ts: since(HOUR), count: 720 });
    expect(month.points.reduce((n, p) => n + (p.count ?? 0), 0)).toBe((30 * 24 - 1) * 6 + 720);
  });

  it.skipIf(skip)('keeps any range within the point budget', async () => {
    // 720 raw readings do not fit in 100 points: the minute tier does (60 buckets).
    const hour = await series('metric=temperature&limit=100');
    expect(hour).toMatchObject({ step: '1m' });
    expect(hour.points).toHaveLength(60);
    // 6 h: 300 + 720 readings would be raw at the default limit, but not at 500.
    expect((await series(`metric=temperature&from=${since(6 * HOUR)}`)).step).toBe('raw');
    expect((await series(`metric=temperature&from=${since(6 * HOUR)}&limit=500`)).step).toBe('1m');
    // Longer than the budget in minutes: hours, and never more points than the limit.
    const days = await series(`metric=temperature&from=${since(3 * DAY)}&limit=1000`);
    expect(days.step).toBe('1h');
    expect(days.points.length).toBeLessThanOrEqual(1000);
    // Longer than the budget in hours: whole UTC days, covering the range to its newest day.
    const days30 = await series(`metric=temperature&from=${since(30 * DAY)}&limit=100`);
    expect(days30.step).toBe('1d');
    const dayOf = (iso: string) => new Date(Math.floor(Date.parse(iso) / DAY) * DAY).toISOString();
    expect(days30.points[0]?.ts).toBe(dayOf(since(30 * DAY)));
    expect(days30.points.at(-1)?.ts).toBe(dayOf(since(0)));
    expect(days30.points.length).toBeLessThanOrEqual(31);
  });

  it.skipIf(skip)('honours an explicit step and a range in the past', async () => {
    const from = since(3 * DAY);
    const to = since(3 * DAY - 30 * MINUTE);
    const raw = await series(`metric=temperature&from=${from}&to=${to}&step=raw`);
    expect(raw.points).toHaveLength(3);
    expect(raw.points.every((p) => p.min === undefined && p.value !== undefined)).toBe(true);
    expect(times(raw).every((ts) => ts >= Date.parse(from) && ts < Date.parse(to))).toBe(true);
    const hours = await series(`metric=temperature&from=${from}&to=${to}&step=1h`);
    expect(hours.points).toHaveLength(1);
    expect(hours.points[0]).toMatchObject({ count: 6 }); // the whole hour the range falls in
  });

  it.skipIf(skip)('answers an empty series for a metric with no data yet', async () => {
    const res = await get('metric=temperature', 'viewer-token', 'PUMP_2');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ step: 'raw', points: [] });
  });

  it.skipIf(skip)('needs a token, a known device and metric, and a valid query', async () => {
    expect((await get('metric=temperature', '')).statusCode).toBe(401);
    expect((await get('metric=temperature', 'forged')).statusCode).toBe(401);
    expect((await get('metric=temperature', 'viewer-token', 'NOPE')).statusCode).toBe(404);
    expect((await get('metric=pressure')).statusCode).toBe(404);
    for (const query of [
      '',
      'metric=temperature&step=5m',
      'metric=temperature&limit=0',
      'metric=temperature&limit=20001',
      `metric=temperature&from=${since(0)}&to=${since(HOUR)}`,
      'metric=temperature&from=yesterday',
      `metric=temperature&from=${new Date(NOW + HOUR).toISOString()}`, // after the default "to"
    ]) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: expect.stringMatching(/^(validation_failed|bad_request)$/) },
      });
    }
  });
});
