import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** Dates a client may send that pass a loose format check but name no instant we can count. */
const badInstants = [
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2026-13-45T99:99Z',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  'yesterday',
];

describe('date parameters of every route', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    admin = await server.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await postTelemetry(server, 'PUMP_1', token, { flow: 50 });
  });
  afterAll(() => server.close());

  const get = (url: string) => server.inject({ method: 'GET', url, token: admin });
  const expectBadRequest = (res: { statusCode: number; json(): unknown }, what: string) => {
    expect(res.statusCode, what).toBe(400);
    expect(res.json(), what).toMatchObject({ error: { code: 'validation_failed' } });
  };

  it('answers 400, never 500, to a date outside 1970..9999 or not on the calendar', async () => {
    const ok = '2026-06-01T00:00:00Z';
    for (const bad of badInstants) {
      const q = encodeURIComponent(bad);
      for (const url of [
        `/api/devices/PUMP_1/health/history?to=${q}`,
        `/api/devices/PUMP_1/health/history?from=${q}`,
        `/api/devices/PUMP_1/telemetry?metric=flow&to=${q}`,
        `/api/devices/PUMP_1/telemetry?metric=flow&from=${q}&step=1h`,
        `/api/audit?from=${q}`,
        `/api/audit?to=${q}`,
        `/api/export?from=${q}&to=${ok}`,
        `/api/export?from=${ok}&to=${q}`,
      ])
        expectBadRequest(await get(url), url);
      const report = await server.inject({
        method: 'POST',
        url: '/api/reports',
        token: admin,
        payload: { scope: 'fleet', from: bad, to: ok },
      });
      expectBadRequest(report, `report from ${bad}`);
    }
  });

  it('refuses a maintenance day outside 1970..9999', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token: admin,
      payload: { id: 'PUMP_2', name: 'Pump 2', model: 'centrifugal_pump', last_maintenance_at: '0000-01-01' },
    });
    expectBadRequest(res, 'last_maintenance_at');
  });

  it('still answers the widest valid range', async () => {
    for (const url of [
      '/api/devices/PUMP_1/health/history?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z',
      '/api/devices/PUMP_1/telemetry?metric=flow&from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z',
      '/api/audit?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z',
    ])
      expect((await get(url)).statusCode, url).toBe(200);
  });
});
