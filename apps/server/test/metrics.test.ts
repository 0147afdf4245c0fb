import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** The value of one sample line, e.g. `dtwin_jobs{status="queued"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('/metrics', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('exposes ingest, storage, queue, alert, HTTP and process metrics in the Prometheus text format', async () => {
    server = await startTestServer('sqlite');
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const t = server.clock.now() - 60_000;
    await postTelemetry(server, 'PUMP_1', token, { ts: t, metrics: { vibration: 1.1, flow: 55, warp: 9 } });
    await postTelemetry(server, 'PUMP_1', token, { ts: t, metrics: { vibration: 1.1 } }); // a duplicate
    await postTelemetry(server, 'PUMP_1', 'dtd_wrong', { vibration: 1 });
    await server.container.jobs.enqueue('telemetry.compact', {});

    const res = await server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    for (const [name, type] of [
      ['dtwin_ingest_readings_total', 'counter'],
      ['dtwin_ingest_rejected_total', 'counter'],
      ['dtwin_telemetry_batch_commit_seconds', 'histogram'],
      ['dtwin_telemetry_queued_rows', 'gauge'],
      ['dtwin_jobs', 'gauge'],
      ['dtwin_job_duration_seconds', 'histogram'],
      ['dtwin_alerts_open', 'gauge'],
      ['dtwin_http_request_duration_seconds', 'histogram'],
      ['process_cpu_seconds_total', 'counter'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
    ]) {
      expect(text, name).toContain(`# TYPE ${name} ${type}`);
    }
    expect(sample(text, 'dtwin_ingest_readings_total')).toBe(2);
    expect(sample(text, 'dtwin_ingest_duplicates_total')).toBe(1);
    expect(sample(text, 'dtwin_ingest_rejected_total{reason="unknown_metric"}')).toBe(1);
    expect(sample(text, 'dtwin_ingest_rejected_total{reason="bad_credentials"}')).toBe(1);
    expect(sample(text, 'dtwin_telemetry_batch_commit_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'dtwin_jobs{status="queued"}')).toBe(1);
    expect(sample(text, 'dtwin_alerts_open{severity="critical"}')).toBe(0);
    expect(text).toMatch(
      /dtwin_http_request_duration_seconds_count\{method="POST",route="\/ingest\/devices\/:id\/telemetry",status="200"\} 2/,
    );
    // Every line is a comment or `name{labels} value` (blank lines are allowed and ignored).
    for (const line of text.split('\n').filter((l) => l !== '')) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) \w+ .+|[a-zA-Z_:][\w:]*(\{[^}]*\})? -?[\d.e+-]+|[a-zA-Z_:][\w:]*(\{[^}]*\})? (NaN|\+Inf|-Inf))$/,
      );
    }
  });

  it('asks for METRICS_TOKEN when it is set, without a user token', async () => {
    server = await startTestServer('sqlite', { METRICS_TOKEN: 'scrape-secret-0123456789' });
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-x' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('Bearer');
    const admin = await server.login(ADMIN.username, ADMIN.password);
    expect((await server.inject({ method: 'GET', url: '/metrics', token: admin })).statusCode).toBe(401);
    const ok = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-0123456789' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('dtwin_build_info');
  });
});

describe('/readyz and /healthz', () => {
  let server: TestServer;

  it('says ready while the database answers, and otherwise names only the failing checks', async () => {
    server = await startTestServer('sqlite');
    const ready = await server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    expect((await server.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });

    // The broker this process uses is down: not ready, naming the check and nothing internal.
    server.container.runtimeStatus.setBroker({
      mode: 'external',
      connected: () => false,
      clients: () => null,
    });
    const noBroker = await server.inject({ method: 'GET', url: '/readyz' });
    expect(noBroker.statusCode).toBe(503);
    expect(noBroker.json()).toEqual({ status: 'not_ready', failing: ['broker'] });
    server.container.runtimeStatus.setBroker(null);

    await server.container.database.close();
    const down = await server.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.body).toBe('{"status":"not_ready","failing":["database"]}');
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await server.app.close();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });
});
