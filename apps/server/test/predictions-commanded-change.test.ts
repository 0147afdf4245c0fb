import type { DevicePredictions } from '@dtwin/contracts/predictions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, MINUTE, storeSeries } from './reports-fixture';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/**
 * An operator raises a pump's speed: its discharge pressure steps up to a new level and stays
 * there. That is a new operating point, not wear: the trend restarts from the new level, so no
 * crossing is predicted and no rate is quoted "for 0 min". A pump with the same step and no
 * commanded change shows what the old behaviour was.
 */
describe('predictions after a commanded change', { timeout: 60_000 }, () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.clock.set(Math.floor(server.clock.now() / MINUTE) * MINUTE);
    admin = await server.login(ADMIN.username, ADMIN.password);
    for (const id of ['PUMP_CMD', 'PUMP_STEP']) await createDevice(server, id, 'centrifugal_pump');
  });
  afterAll(async () => {
    await server.close();
  });

  const step = async (id: string, from: number) => {
    await storeSeries(server, id, 'discharge_pressure', {
      end: from,
      count: 240,
      everyMs: 30_000,
      value: (i) => 6 + 0.02 * Math.sin(i),
    });
  };
  const after = async (id: string, end: number) => {
    await storeSeries(server, id, 'discharge_pressure', {
      end,
      count: 20,
      everyMs: 30_000,
      value: (i) => 9.2 + 0.02 * Math.sin(i),
    });
  };
  const pressure = async (id: string) => {
    await server.container.predictions.recompute(id);
    const res = await server.inject({ method: 'GET', url: `/api/devices/${id}/predictions`, token: admin });
    return (res.json() as DevicePredictions).predictions.find((p) => p.metric === 'discharge_pressure');
  };

  it('restarts the trend from the new level once the device applied the desired state', async () => {
    const t0 = server.clock.now();
    for (const id of ['PUMP_CMD', 'PUMP_STEP']) await step(id, t0);
    // The operator's change, through the API; the pump applies it and reports it back.
    const patched = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_CMD/twin',
      token: admin,
      payload: { desired: { speed_setpoint_rpm: 2950 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await server.container.twin.reportProperties('PUMP_CMD', { speed_setpoint_rpm: 2950 });
    server.clock.set(t0 + 10 * MINUTE);
    for (const id of ['PUMP_CMD', 'PUMP_STEP']) await after(id, t0 + 10 * MINUTE);

    const uncommanded = await pressure('PUMP_STEP');
    const commanded = await pressure('PUMP_CMD');
    // Without a command the step looks like a departure towards the 10 bar limit…
    expect(uncommanded?.rul_h).not.toBeNull();
    // …after one, the pressure is flat at its new level: no crossing, no rate, no "0 min".
    expect(commanded?.rul_h ?? null).toBeNull();
    expect(commanded?.failure_probability['24h'] ?? 0).toBe(0);
    for (const p of [commanded, uncommanded]) expect(p?.evidence.summary ?? '').not.toMatch(/for 0 min/);
  });
});
