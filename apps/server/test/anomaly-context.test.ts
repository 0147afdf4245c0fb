import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeviceSim, type DeviceSim } from '../tools/simulator/device-sim';
import { fixedPlan } from '../tools/simulator/scenario-plan';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

const STEP = 5_000;
const MINUTE = 60_000;
/**
 * The simulated plant's load follows the hour and the weekday: the tests run at a fixed time
 * (a Monday morning) so their data, and what the detector makes of it, is the same every run.
 */
const MONDAY_MORNING = Date.UTC(2026, 2, 2, 9);

describe('anomaly detection with the twin as context', () => {
  let server: TestServer;
  let admin: string;
  let token: string;
  beforeEach(async () => {
    server = await startTestServer('sqlite');
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(() => server.close());

  /** Samples the simulated pump every 5 s for `minutes`, at the test clock's time, and posts it. */
  async function run(sim: DeviceSim, minutes: number) {
    for (let sent = 0; sent < (minutes * MINUTE) / STEP; sent += 12) {
      const rows = Array.from({ length: 12 }, () => {
        server.clock.advance(STEP);
        return { ts: server.clock.now(), metrics: sim.sample(server.clock.now()) };
      });
      const res = await postTelemetry(server, 'PUMP_1', token, rows);
      expect(res.statusCode).toBe(200);
    }
  }

  // The test clock moves by the hour: a fresh token for every request.
  const fresh = () => server.login(ADMIN.username, ADMIN.password);
  const anomalyAlerts = async () => {
    admin = await fresh();
    const res = await server.inject({ method: 'GET', url: '/api/alerts?device_id=PUMP_1', token: admin });
    return (res.json() as { items: Array<{ metric: string }> }).items.filter(
      (a) => a.metric === 'anomaly_score',
    );
  };

  it('re-baselines after a setpoint change instead of alerting, and still alerts on a fault after it', async () => {
    const start = MONDAY_MORNING;
    server.clock.set(start);
    const changeAt = start + 40 * MINUTE;
    // The simulator's bearing wear starts 10 minutes after the operator's change.
    const plan = fixedPlan([
      {
        scenario: 'pump_bearing_wear',
        startMs: changeAt + 10 * MINUTE,
        failureMs: changeAt + 30 * MINUTE,
        resetMs: changeAt + 60 * MINUTE,
      },
    ]);
    const sim = createDeviceSim({
      id: 'PUMP_1',
      model: 'centrifugal_pump',
      seed: 1,
      outages: false,
      spikes: false,
      plan,
    });
    // As the device does on connecting: it reports its properties.
    await server.container.twin.reportProperties('PUMP_1', sim.properties());
    await run(sim, 40);
    expect(await anomalyAlerts()).toEqual([]);

    admin = await fresh();
    const patch = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1/twin',
      token: admin,
      payload: { desired: { speed_setpoint_rpm: 2500 } },
    });
    expect(patch.statusCode).toBe(200);
    // The device applies it and says so.
    const applied = sim.applyDesired({ speed_setpoint_rpm: 2500 });
    await server.container.twin.reportProperties('PUMP_1', applied);
    await run(sim, 5);
    expect(await anomalyAlerts()).toEqual([]);
    admin = await fresh();
    const evidence = await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/anomaly', token: admin });
    expect(evidence.statusCode).toBe(200);
    expect((evidence.json() as { context: { reason: string } }).context.reason).toMatch(
      /^speed_setpoint_rpm \d+ → 2500$/,
    );

    await run(sim, 15);
    await expect.poll(async () => (await anomalyAlerts()).length).toBeGreaterThan(0);
  });

  it('re-baselines when maintenance mode is left, so the repaired machine is the new normal', async () => {
    server.clock.set(MONDAY_MORNING);
    const sim = createDeviceSim({
      id: 'PUMP_1',
      model: 'centrifugal_pump',
      seed: 2,
      outages: false,
      spikes: false,
    });
    await run(sim, 40);
    const maintenance = async (on: boolean) => {
      admin = await fresh();
      const res = await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1',
        token: admin,
        payload: { maintenance_mode: on },
      });
      expect(res.statusCode).toBe(200);
    };
    await maintenance(true);
    // The technician runs it at another speed while working on it…
    sim.applyDesired({ speed_setpoint_rpm: 2400 });
    await maintenance(false);
    // …and hands it back there: the new operating point is learnt, not alerted on.
    await run(sim, 10);
    expect(await anomalyAlerts()).toEqual([]);
    admin = await fresh();
    const evidence = await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/anomaly', token: admin });
    expect((evidence.json() as { context: { reason: string } }).context.reason).toBe('maintenance mode left');
  });
});
