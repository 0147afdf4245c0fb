import type { DeviceHealth } from '@dtwin/contracts/health';
import type { DevicePredictions } from '@dtwin/contracts/predictions';
import type { Recommendation } from '@dtwin/contracts/recommendations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceSim } from '../tools/simulator/device-sim';
import { fixedPlan, scheduleEpisode } from '../tools/simulator/scenario-plan';
import { feed, HOUR, MINUTE, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

interface Checkpoint {
  progress: number;
  remainingH: number;
  predictions: Record<string, DevicePredictions>;
  health: Record<string, DeviceHealth>;
  recommendations: Record<string, Recommendation[]>;
}

/**
 * A maintenance engineer's day: two pumps and a temperature sensor report every 10 s for a day;
 * then one pump's bearing starts to wear (the simulator's P-F curve, failure time known in
 * advance). At checkpoints through the degradation we read what the API says.
 */
describe.each(dialects)('a pump bearing wearing out, on $name', ({ name, skip }) => {
  let server: TestServer;
  const checkpoints: Checkpoint[] = [];
  const start = TUESDAY + 25 * HOUR;
  const episode = scheduleEpisode('pump_bearing_wear', start, { seed: 2 });
  const ids = ['PUMP_WORN', 'PUMP_OK', 'TEMP_OK'];

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    server.clock.set(TUESDAY - HOUR);
    const admin = tokens(server, ADMIN.username, ADMIN.password);
    await registerDevice(server, await admin(), {
      id: 'PUMP_WORN',
      model: 'centrifugal_pump',
      name: 'Cooling water pump 2',
    });
    await registerDevice(server, await admin(), { id: 'PUMP_OK', model: 'centrifugal_pump' });
    await registerDevice(server, await admin(), { id: 'TEMP_OK', model: 'temperature_sensor' });
    for (const id of ids) await server.container.twin.reportProperties(id, { sample_interval_s: 10 });
    const sims = [
      createDeviceSim({
        id: 'PUMP_WORN',
        model: 'centrifugal_pump',
        seed: 7,
        plan: fixedPlan([episode]),
        outages: false,
      }),
      createDeviceSim({ id: 'PUMP_OK', model: 'centrifugal_pump', seed: 7, outages: false }),
      createDeviceSim({ id: 'TEMP_OK', model: 'temperature_sensor', seed: 7, outages: false }),
    ];
    const c = server.container;
    const get = async <T>(url: string) => {
      const res = await server.inject({ method: 'GET', url, token: await admin() });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json() as T;
    };

    // A day of normal running, with health computed every hour.
    for (let t = TUESDAY; t < start; t += HOUR) {
      await feed(server, sims, t, t + HOUR);
      for (const id of ids) await c.health.recompute(id);
    }
    // The degradation in 5-minute steps, recomputed as the worker would (health every step,
    // predictions every other); recommendations and the API are read at the checkpoints.
    const duration = episode.failureMs - episode.startMs;
    const marks = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9].map((p) => ({
      p,
      at: Math.round(episode.startMs + p * duration),
    }));
    let t = start;
    for (const mark of marks) {
      for (let step = 0; t < mark.at; t = Math.min(t + 5 * MINUTE, mark.at), step++) {
        await feed(server, sims, t, Math.min(t + 5 * MINUTE, mark.at));
        if (step % 2 === 1) await c.predictions.recompute('PUMP_WORN');
        for (const id of ids) await c.health.recompute(id);
      }
      const cp: Checkpoint = {
        progress: mark.p,
        remainingH: (episode.failureMs - mark.at) / HOUR,
        predictions: {},
        health: {},
        recommendations: {},
      };
      for (const id of ids) {
        await c.predictions.recompute(id);
        await c.health.recompute(id);
        await c.recommendations.recompute(id);
        cp.predictions[id] = await get<DevicePredictions>(`/api/devices/${id}/predictions`);
        cp.health[id] = await get<DeviceHealth>(`/api/devices/${id}/health`);
        cp.recommendations[id] = (
          await get<{ items: Recommendation[] }>(`/api/recommendations?device_id=${id}&status=open`)
        ).items;
      }
      checkpoints.push(cp);
    }
  }, 240_000);

  afterAll(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('names vibration as the failing metric and converges on the real failure time', () => {
    for (const cp of checkpoints.filter((c) => c.progress >= 0.6)) {
      const worst = cp.predictions.PUMP_WORN?.worst;
      expect(worst?.metric, `at ${cp.progress}`).toBe('vibration');
      expect(worst?.direction).toBe('high');
      expect(worst?.limit).toBe(7.1);
      const error = Math.abs((worst?.rul_h ?? Infinity) - cp.remainingH);
      expect(
        error,
        `at ${cp.progress}: predicted ${worst?.rul_h} h, really ${cp.remainingH.toFixed(2)} h`,
      ).toBeLessThanOrEqual(0.15 * cp.remainingH);
      expect(Math.abs(Date.parse(worst?.failure_at ?? '') - episode.failureMs)).toBeLessThanOrEqual(
        0.15 * cp.remainingH * HOUR + MINUTE,
      );
      expect(worst?.rul_low_h).toBeLessThanOrEqual(worst?.rul_h ?? 0);
      expect(worst?.rul_high_h ?? Infinity).toBeGreaterThanOrEqual(worst?.rul_h ?? Infinity);
      expect(worst?.evidence.summary).toContain('vibration');
    }
    const late = checkpoints.at(-1)?.predictions.PUMP_WORN?.worst;
    expect(late?.failure_probability['24h']).toBeGreaterThanOrEqual(0.9);
    expect(late?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it.skipIf(skip)('gives the healthy devices no confident prediction', () => {
    for (const cp of checkpoints) {
      for (const id of ['PUMP_OK', 'TEMP_OK']) {
        const p = cp.predictions[id];
        expect(p?.predictions.length).toBeGreaterThan(0);
        expect(p?.worst, `${id} at ${cp.progress}`).toBeNull();
        for (const m of p?.predictions ?? [])
          expect(m.failure_probability['7d'], `${id} ${m.metric}`).toBeLessThan(0.3);
      }
    }
  });

  it.skipIf(skip)("lowers the worn pump's health with a degrading trend while the others stay good", () => {
    const first = checkpoints[0]?.health.PUMP_WORN;
    const last = checkpoints.at(-1)?.health.PUMP_WORN;
    expect(first?.score).toBeGreaterThanOrEqual(80);
    expect(last?.score).toBeLessThan((first?.score ?? 0) - 15);
    expect(last?.trend).toBe('degrading');
    expect(['warning', 'critical', 'failure']).toContain(last?.status);
    expect(last?.components.maintenance.drivers[0]?.metric).toBe('vibration');
    expect(last?.components.performance.drivers.map((d) => d.metric)).toContain('vibration');
    for (const cp of checkpoints) {
      for (const id of ['PUMP_OK', 'TEMP_OK']) {
        expect(cp.health[id]?.score, `${id} at ${cp.progress}`).toBeGreaterThanOrEqual(80);
      }
    }
  });

  it.skipIf(skip)(
    'recommends one thing for the worn pump, updated in place, and nothing for the healthy devices',
    () => {
      const confident = checkpoints.filter((c) => c.progress >= 0.6);
      const recIds = new Set<number>();
      for (const cp of confident) {
        const recs = cp.recommendations.PUMP_WORN ?? [];
        expect(
          recs.map((r) => r.key),
          `at ${cp.progress}`,
        ).toEqual(['failure:vibration']);
        recIds.add(recs[0]?.id ?? -1);
        expect(recs[0]?.action).toContain('vibration');
        expect(recs[0]?.action).toMatch(/before \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
        expect(recs[0]?.evidence.some((e) => e.source === 'prediction')).toBe(true);
      }
      expect(recIds.size).toBe(1);
      const last = confident.at(-1)?.recommendations.PUMP_WORN?.[0];
      expect(['emergency', 'maintenance']).toContain(last?.type);
      expect(['critical', 'high']).toContain(last?.priority);
      for (const cp of checkpoints) {
        expect(cp.recommendations.PUMP_OK).toEqual([]);
        expect(cp.recommendations.TEMP_OK).toEqual([]);
      }
    },
  );
});
