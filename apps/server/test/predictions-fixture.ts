import type { Reading } from '../src/lib/domain-events';
import type { DeviceSim } from '../tools/simulator/device-sim';
import type { TestServer } from './support/server';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** A Tuesday: the simulated plant works in shifts on weekdays, so the day of the week matters. */
export const TUESDAY = Date.UTC(2026, 2, 3);

/**
 * Samples simulated devices every `stepMs` over [from, to) (skipping their outages), stores the
 * readings through the telemetry service like ingestion does, and moves the fake clock to `to`.
 */
export async function feed(
  server: TestServer,
  sims: readonly DeviceSim[],
  from: number,
  to: number,
  stepMs = 10_000,
): Promise<void> {
  const readings: Reading[] = [];
  const first = Math.ceil(from / stepMs) * stepMs;
  for (let t = first; t < to; t += stepMs) {
    for (const sim of sims) {
      if (!sim.connectivity(t).online) continue;
      for (const [metric, value] of Object.entries(sim.sample(t)))
        readings.push({ deviceId: sim.id, metric, ts: t, value });
    }
  }
  if (server.clock.now() < to) server.clock.set(to);
  if (readings.length > 0) await server.container.telemetry.store(readings);
  // store() resolves at commit; flush() also waits for the after-commit subscribers (twin, alerts, anomaly scores).
  await server.container.telemetry.flush();
}

/** A token that is valid at the fake clock's time (tokens expire after 24 h of fake time). */
export function tokens(server: TestServer, username: string, password: string) {
  let token = '';
  let at = -Infinity;
  return async () => {
    if (server.clock.now() - at > 12 * HOUR) {
      token = await server.login(username, password);
      at = server.clock.now();
    }
    return token;
  };
}
