import { afterEach, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from './support/server';
import { createDevice, MINUTE, storeSeries, userToken } from './reports-fixture';

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(dialects)('telemetry export on $name', ({ name, skip }) => {
  let server: TestServer;
  let token: string;
  let start: number;
  afterEach(async () => {
    if (!skip) await server.close();
  });

  /** Two devices; the pump has two metrics. Readings every 10 s for 30 minutes from `start`. */
  async function seed() {
    server = await startTestServer(name, {}, {});
    start = Math.floor(server.clock.now() / 3_600_000) * 3_600_000 - 3_600_000; // the start of the previous hour
    await createDevice(server, 'PUMP_1', 'centrifugal_pump');
    await createDevice(server, 'TEMP_1', 'temperature_sensor');
    const end = start + 30 * MINUTE - 10_000;
    await storeSeries(server, 'PUMP_1', 'vibration', {
      end,
      count: 180,
      everyMs: 10_000,
      value: (i) => i / 10,
    });
    await storeSeries(server, 'PUMP_1', 'flow', { end, count: 180, everyMs: 10_000, value: () => 55.5 });
    await storeSeries(server, 'TEMP_1', 'temperature', {
      end,
      count: 180,
      everyMs: 10_000,
      value: (i) => 20 + i,
    });
    token = await userToken(server, 'vera', 'viewer');
  }

  const get = (query: Record<string, string>, auth = true) =>
    server.inject({
      method: 'GET',
      url: `/api/export?${new URLSearchParams(query)}`,
      ...(auth ? { token } : {}),
    });

  it.skipIf(skip)('exports readings as CSV, device by device, metric by metric, oldest first', async () => {
    await seed();
    const res = await get({ format: 'csv', from: iso(start), to: iso(start + 10 * MINUTE) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="digital-twin-telemetry-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers['x-total-count']).toBe('180');
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('device_id,metric,ts,value');
    expect(lines).toHaveLength(181);
    expect(lines[1]).toBe(`PUMP_1,flow,${iso(start)},55.5`);
    expect(lines[61]).toBe(`PUMP_1,vibration,${iso(start)},0`);
    expect(lines[62]).toBe(`PUMP_1,vibration,${iso(start + 10_000)},0.1`);
    expect(lines[180]).toBe(`TEMP_1,temperature,${iso(start + 10 * MINUTE - 10_000)},79`);
  });

  it.skipIf(skip)('exports JSON, filtered by device and metric, raw or in 1-minute rollups', async () => {
    await seed();
    const raw = await get({
      format: 'json',
      from: iso(start),
      to: iso(start + 30 * MINUTE),
      device_id: 'PUMP_1',
      metric: 'vibration',
    });
    expect(raw.headers['content-type']).toBe('application/json; charset=utf-8');
    const rows = raw.json() as Array<{ device_id: string; metric: string; ts: string; value: number }>;
    expect(rows).toHaveLength(180);
    expect(raw.headers['x-total-count']).toBe('180');
    expect(rows[10]).toEqual({
      device_id: 'PUMP_1',
      metric: 'vibration',
      ts: iso(start + 100_000),
      value: 1,
    });

    const minutes = await get({
      format: 'json',
      step: '1m',
      from: iso(start),
      to: iso(start + 2 * MINUTE),
      device_id: 'TEMP_1,PUMP_1',
      metric: 'temperature',
    });
    expect(minutes.json()).toEqual([
      {
        device_id: 'TEMP_1',
        metric: 'temperature',
        ts: iso(start),
        min: 20,
        max: 25,
        mean: 22.5,
        count: 6,
        last: 25,
      },
      {
        device_id: 'TEMP_1',
        metric: 'temperature',
        ts: iso(start + MINUTE),
        min: 26,
        max: 31,
        mean: 28.5,
        count: 6,
        last: 31,
      },
    ]);
    const csv = await get({
      step: '1h',
      from: iso(start),
      to: iso(start + 60 * MINUTE),
      device_id: 'TEMP_1',
    });
    expect(csv.body.trimEnd().split('\n')).toEqual([
      'device_id,metric,ts,min,max,mean,count,last',
      `TEMP_1,temperature,${iso(start)},20,199,109.5,180,199`,
    ]);

    const empty = await get({ format: 'json', from: iso(start - 10 * MINUTE), to: iso(start) });
    expect(empty.json()).toEqual([]);
    expect(empty.headers['x-total-count']).toBe('0');
  });

  it.skipIf(skip)('needs a signed-in user and a valid query', async () => {
    await seed();
    const query = { format: 'csv', from: iso(start), to: iso(start + MINUTE) };
    expect((await get(query, false)).statusCode).toBe(401);
    expect((await get({ ...query, format: 'xml' })).statusCode).toBe(400);
    expect((await get({ ...query, from: iso(start + MINUTE), to: iso(start) })).statusCode).toBe(400);
    expect((await get({ ...query, device_id: '../etc' })).statusCode).toBe(400);
    expect((await get({ ...query, device_id: 'NOPE' })).statusCode).toBe(404);
    expect((await get({ format: 'csv' })).statusCode).toBe(400);
  });
});
