import type { DeviceEvent } from '@dtwin/contracts/device-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../tools/simulator/device-link';
import { createDeviceSim } from '../tools/simulator/device-sim';
import { createLifecycleWatch } from '../tools/simulator/lifecycle-watch';
import { createMaintenanceLogClient } from '../tools/simulator/maintenance-log-client';
import { fixedPlan, scheduleEpisode } from '../tools/simulator/scenario-plan';
import { registerDevice } from './support/fleet';
import { ADMIN, passwordFor, startTestServer, type TestServer } from './support/server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the simulator keeps a maintenance log through the API', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {}, { realtime: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('records a failure when a simulated pump fails and a repair when it is back', async () => {
    const admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_SIM', model: 'centrifugal_pump' });
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username: 'plant', password: passwordFor('plant'), role: 'operator' },
    });
    const operator = await server.login('plant', passwordFor('plant'));

    const start = server.clock.now() - 12 * HOUR;
    const episode = scheduleEpisode('pump_bearing_wear', start + HOUR, { seed: 1, repairH: 1 });
    const sim = createDeviceSim({
      id: 'PUMP_SIM',
      model: 'centrifugal_pump',
      seed: 4,
      plan: fixedPlan([episode]),
      outages: false,
    });
    const watch = createLifecycleWatch();
    const client = createMaintenanceLogClient({ apiUrl: server.url!, token: operator, logger: silentLogger });
    for (let t = start; t < episode.resetMs + HOUR; t += 5 * MINUTE) {
      const event = watch(sim.state(t), t);
      if (event) client.record(event);
    }
    await client.flush();

    const res = await server.inject({ method: 'GET', url: '/api/devices/PUMP_SIM/events', token: admin });
    const { items } = res.json() as { items: DeviceEvent[] };
    expect(items.map((e) => [e.type, e.created_by])).toEqual([
      ['repair', 'plant'],
      ['failure', 'plant'],
    ]);
    const failure = items[1]!;
    expect(failure.failure_mode).toBe('pump_bearing_wear');
    expect(Math.abs(Date.parse(failure.ts) - episode.failureMs)).toBeLessThanOrEqual(5 * MINUTE);
    expect(Date.parse(items[0]!.ts)).toBeGreaterThanOrEqual(episode.resetMs);
  });
});
