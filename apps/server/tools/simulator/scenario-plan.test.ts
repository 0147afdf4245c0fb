import { describe, expect, it } from 'vitest';
import { createOutageSchedule } from './connectivity';
import { createDeviceSim } from './device-sim';
import { planFleet } from './fleet-plan';
import { episodeAt, planScenarios, scheduleEpisode } from './scenario-plan';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 3, 1);

describe('the degradation plan', () => {
  const fleet = planFleet(25, 42);

  it.each([1, 42])(
    'keeps a steady 15-20 percent of the fleet degrading, the rest healthy (seed $0)',
    (seed) => {
      const plans = planScenarios(fleet, { seed });
      const degrading: number[] = [];
      for (let t = T0; t < T0 + 14 * 24 * HOUR; t += 10 * 60_000) {
        const count = fleet.filter((d) => {
          const e = episodeAt(plans.get(d.id) ?? { episodes: () => [] }, t);
          return e !== null && t < e.failureMs;
        }).length;
        degrading.push(count / fleet.length);
      }
      const mean = degrading.reduce((s, v) => s + v, 0) / degrading.length;
      expect(mean).toBeGreaterThan(0.13);
      expect(mean).toBeLessThan(0.2);
      // Close to constant: never a quiet plant, never an outbreak.
      expect(Math.min(...degrading)).toBeGreaterThanOrEqual(0.08);
      expect(Math.max(...degrading)).toBeLessThanOrEqual(0.24);
    },
  );

  it('is a pure function of the seed and time: a restarted simulator sees the same failures', () => {
    const a = planScenarios(fleet, { seed: 42 });
    const b = planScenarios([...fleet].reverse(), { seed: 42 });
    const c = planScenarios(fleet, { seed: 43 });
    const window = (plans: typeof a) => fleet.map((d) => plans.get(d.id)?.episodes(T0, T0 + 7 * 24 * HOUR));
    expect(window(a)).toEqual(window(b));
    expect(window(a)).not.toEqual(window(c));
  });

  it('gives every episode a failure inside it and never overlaps a device with itself', () => {
    const plans = planScenarios(fleet, { seed: 7 });
    let episodes = 0;
    for (const d of fleet) {
      const list = plans.get(d.id)?.episodes(T0, T0 + 30 * 24 * HOUR) ?? [];
      episodes += list.length;
      list.forEach((e, i) => {
        expect(e.startMs).toBeLessThan(e.failureMs);
        expect(e.failureMs).toBeLessThan(e.resetMs);
        expect(e.failureMs - e.startMs).toBeGreaterThanOrEqual(3 * HOUR);
        expect(e.failureMs - e.startMs).toBeLessThanOrEqual(6.5 * HOUR);
        const next = list[i + 1];
        if (next) expect(next.startMs).toBeGreaterThanOrEqual(e.resetMs);
        expect(e.scenario).toMatch(/./);
      });
    }
    // Every device gets its turn within a month.
    expect(episodes).toBeGreaterThan(fleet.length);
  });

  it('compresses the schedule by timeScale, so a demo sees failures within minutes', () => {
    const plans = planScenarios(fleet, { seed: 42, timeScale: 60 });
    const soon = fleet.flatMap((d) => plans.get(d.id)?.episodes(T0, T0 + 15 * 60_000) ?? []);
    expect(soon.some((e) => e.failureMs >= T0 && e.failureMs < T0 + 15 * 60_000)).toBe(true);
    for (const e of soon) expect(e.failureMs - e.startMs).toBeLessThanOrEqual((6.5 * HOUR) / 60);
    expect(scheduleEpisode('motor_misalignment', T0, { timeScale: 60, durationH: 5 }).failureMs).toBe(
      T0 + 5 * 60_000,
    );
  });

  it('drives the device state from the plan', () => {
    const plans = planScenarios(fleet, { seed: 42 });
    const d = fleet.find((x) => (plans.get(x.id)?.episodes(T0, T0 + 3 * 24 * HOUR).length ?? 0) > 0);
    const episode = d && plans.get(d.id)?.episodes(T0, T0 + 3 * 24 * HOUR)[0];
    if (!d || !episode) throw new Error('expected an episode within three days');
    const sim = createDeviceSim({ id: d.id, model: d.model, seed: 42, plan: plans.get(d.id) });
    expect(sim.state(episode.startMs - 1).phase).toBe('healthy');
    expect(sim.state(episode.startMs + 1)).toMatchObject({
      phase: 'degrading',
      failureAt: episode.failureMs,
    });
    expect(sim.state(episode.failureMs)).toMatchObject({ phase: 'failed', health: 0 });
    expect(sim.state(episode.resetMs).phase).toBe('healthy');
  });
});

describe('silent periods', () => {
  it('takes a device off the air for a minute or a few, about 1 % of the time, seeded', () => {
    const schedule = createOutageSchedule(99);
    const outages = schedule.outages(T0, T0 + 30 * 24 * HOUR);
    const silentMs = outages.reduce((s, o) => s + (o.endMs - o.startMs), 0);
    expect(outages.length).toBeGreaterThan(50);
    expect(silentMs / (30 * 24 * HOUR)).toBeGreaterThan(0.003);
    expect(silentMs / (30 * 24 * HOUR)).toBeLessThan(0.02);
    for (const o of outages) {
      expect(o.endMs - o.startMs).toBeGreaterThanOrEqual(40_000);
      expect(o.endMs - o.startMs).toBeLessThanOrEqual(240_000);
      expect(schedule.at(o.startMs)).toEqual({ online: false, until: o.endMs });
      expect(schedule.at(o.endMs).online).toBe(true);
    }
    expect(createOutageSchedule(99).outages(T0, T0 + 24 * HOUR)).toEqual(
      schedule.outages(T0, T0 + 24 * HOUR),
    );
    expect(createOutageSchedule(98).outages(T0, T0 + 24 * HOUR)).not.toEqual(
      schedule.outages(T0, T0 + 24 * HOUR),
    );
  });

  it('differs between devices of one fleet and can be switched off', () => {
    const a = createDeviceSim({ id: 'A', model: 'power_meter', seed: 1 });
    const b = createDeviceSim({ id: 'B', model: 'power_meter', seed: 1 });
    const off = createDeviceSim({ id: 'A', model: 'power_meter', seed: 1, outages: false });
    const silentAt = (sim: typeof a) =>
      Array.from({ length: 2000 }, (_, i) => T0 + i * 60_000).filter((t) => !sim.connectivity(t).online);
    expect(silentAt(a).length).toBeGreaterThan(0);
    expect(silentAt(a)).not.toEqual(silentAt(b));
    expect(silentAt(off)).toEqual([]);
  });
});
