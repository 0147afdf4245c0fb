import { afterEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

describe('ROLES decides what a process serves over HTTP', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  const start = async (roles: string) => {
    const server = await startTestServer('sqlite', { ROLES: roles });
    servers.push(server);
    return server;
  };

  it('keeps the API, its document and the web UI out of a worker, which still answers health and metrics', async () => {
    const worker = await start('worker');
    for (const url of ['/api/whoami', '/api/docs', '/api/devices', '/']) {
      const res = await worker.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await worker.inject({ method: 'POST', url: '/api/login', payload: ADMIN })).statusCode).toBe(404);
    expect((await worker.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await worker.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const metrics = await worker.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('lets an ingest process take HTTP readings without serving the API', async () => {
    // The device is registered through a full server on the same database…
    const full = await start('api,ingest,worker');
    const admin = await full.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(full, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await full.close({ keepData: true });
    servers.splice(servers.indexOf(full), 1);

    // …and reports to an ingest-only one.
    const ingest = await startTestServer('sqlite', { ROLES: 'ingest' }, { dir: full.dir });
    servers.push(ingest);
    const res = await postTelemetry(ingest, 'PUMP_1', token, {
      ts: new Date(ingest.clock.now() - 1000).toISOString(),
      metrics: { flow: 61.5 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1 });
    expect((await ingest.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin' })).statusCode).toBe(404);
  });

  it('serves the API without ingestion when asked to', async () => {
    const api = await start('api');
    const admin = await api.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(api, admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
    const res = await postTelemetry(api, 'PUMP_2', token, { flow: 60 });
    expect(res.statusCode).toBe(404);
  });
});
