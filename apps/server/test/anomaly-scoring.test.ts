import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

describe('anomaly scoring of incoming readings', () => {
  let server: TestServer;
  let admin: string;
  let token: string;
  beforeEach(async () => {
    server = await startTestServer('sqlite');
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'TEMP_1', model: 'temperature_sensor' });
  });
  afterEach(() => server.close());

  it('scores every reading, stays quiet on normal noise and raises an anomaly alert on a spike', async () => {
    const scores: number[] = [];
    server.container.bus.on('anomaly.scored', ({ deviceId, score }) => {
      if (deviceId === 'TEMP_1') scores.push(score);
    });
    const start = server.clock.now() - 200_000;
    const steady = Array.from({ length: 150 }, (_, i) => ({
      ts: start + i * 1000,
      metrics: { temperature: 22 + Math.sin(i / 5) * 0.3 + ((i * 7919) % 13) / 100 },
    }));
    await postTelemetry(server, 'TEMP_1', token, steady);
    await expect.poll(() => scores.length).toBe(150);
    expect(Math.max(...scores.slice(50))).toBeLessThan(0.8);

    await postTelemetry(server, 'TEMP_1', token, { ts: start + 151_000, metrics: { temperature: 58 } });
    await expect.poll(() => scores.length).toBe(151);
    expect(scores.at(-1)).toBeGreaterThan(0.8);
    expect(scores.at(-1)).toBeLessThan(1);

    const alerts = async () => {
      const res = await server.inject({ method: 'GET', url: '/api/alerts?device_id=TEMP_1', token: admin });
      return (res.json() as { items: Array<{ metric: string }> }).items.map((a) => a.metric);
    };
    await expect.poll(alerts).toContain('anomaly_score');
  });
});
