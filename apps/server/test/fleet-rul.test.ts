import type { DevicePredictions } from '@dtwin/contracts/predictions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceSim } from '../tools/simulator/device-sim';
import { fixedPlan, scheduleEpisode } from '../tools/simulator/scenario-plan';
import { feed, HOUR, MINUTE, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, passwordFor, startTestServer, type TestServer } from './support/server';

/**
 * A plant's maintenance log teaches the server: five pumps wear out their bearings one after
 * the other and an operator records each failure and repair through the API; the running
 * server learns a fleet model for the pump model, and the predictions of a sixth pump, now
 * wearing, switch from per-metric limit trends to that model.
 */
describe.each(dialects)(
  'fleet RUL learnt from recorded failures on a running server ($name)',
  { timeout: 180_000 },
  ({ name, skip }) => {
    let server: TestServer;
    let admin: () => Promise<string>;
    let operator: string;
    const failed = ['PUMP_A', 'PUMP_B', 'PUMP_C', 'PUMP_D', 'PUMP_E'];
    const start = TUESDAY + 2 * HOUR;
    // Each pump runs healthy for a while, then its bearing wears out (4–6.5 h) and it fails.
    const episodes = failed.map((_, i) =>
      scheduleEpisode('pump_bearing_wear', start + (3 + i) * HOUR, { seed: i + 1, repairH: 0.5 }),
    );
    const watched = scheduleEpisode('pump_bearing_wear', start + 9 * HOUR, { seed: 9, durationH: 6.5 });
    const end = Math.max(...episodes.map((e) => e.resetMs));

    const predictionsOf = async (id: string) => {
      const res = await server.inject({
        method: 'GET',
        url: `/api/devices/${id}/predictions`,
        token: await admin(),
      });
      expect(res.statusCode).toBe(200);
      return res.json() as DevicePredictions;
    };

    beforeAll(async () => {
      if (skip) return;
      server = await startTestServer(name, {}, { mqtt: true });
      server.clock.set(start - HOUR);
      admin = tokens(server, ADMIN.username, ADMIN.password);
      for (const id of [...failed, 'PUMP_W', 'PUMP_NEW'])
        await registerDevice(server, await admin(), { id, model: 'centrifugal_pump' });
      await server.inject({
        method: 'POST',
        url: '/api/users',
        token: await admin(),
        payload: { username: 'maint', password: passwordFor('maint'), role: 'operator' },
      });
      operator = await server.login('maint', passwordFor('maint'));
      const sims = [
        ...failed.map((id, i) =>
          createDeviceSim({
            id,
            model: 'centrifugal_pump',
            seed: 3 + i,
            plan: fixedPlan([episodes[i]!]),
            outages: false,
          }),
        ),
        createDeviceSim({
          id: 'PUMP_W',
          model: 'centrifugal_pump',
          seed: 20,
          plan: fixedPlan([watched]),
          outages: false,
        }),
      ];
      for (let t = start; t < end; t += HOUR) await feed(server, sims, t, Math.min(end, t + HOUR), MINUTE);
    }, 150_000);
    afterAll(async () => {
      await server?.close();
    });

    it.skipIf(skip)(
      'uses limit trends until failures are recorded, then learns a model and switches to it',
      async () => {
        const fresh = await predictionsOf('PUMP_NEW');
        expect(fresh).toMatchObject({ method: 'limit_trend', fleet: null });
        expect(fresh.failure_probability).toEqual({ '24h': 0, '7d': 0, '30d': 0 });

        await server.container.predictions.recompute('PUMP_W');
        expect((await predictionsOf('PUMP_W')).method).toBe('limit_trend');

        operator = await server.login('maint', passwordFor('maint'));
        for (const [i, id] of failed.entries()) {
          const e = episodes[i]!;
          for (const [type, ts] of [
            ['failure', e.failureMs],
            ['repair', e.resetMs],
          ] as const) {
            const res = await server.inject({
              method: 'POST',
              url: `/api/devices/${id}/events`,
              token: operator,
              payload: {
                type,
                ts: new Date(ts).toISOString(),
                ...(type === 'failure' ? { failure_mode: 'bearing wear' } : {}),
              },
            });
            expect(res.statusCode, res.body).toBe(201);
          }
        }

        // The recurring task notices the new failures, learns, and the pumps are predicted again.
        let after: DevicePredictions | undefined;
        for (let waited = 0; waited < 90_000; waited += 1000) {
          after = await predictionsOf('PUMP_W');
          if (after.method === 'fleet_model') break;
          await new Promise((r) => setTimeout(r, 1000));
          server.clock.set(server.clock.now() + 2000);
        }
        expect(after?.method).toBe('fleet_model');
        const fleet = after!.fleet!;
        // The recurring task may learn while failures are still being recorded: a first version from
        // three of them at least, a newer one once it sees the rest.
        expect(fleet.model_version).toBeGreaterThanOrEqual(1);
        expect(fleet.trained_on).toBeGreaterThanOrEqual(3);
        expect(fleet.rul_low_h).toBeLessThanOrEqual(fleet.rul_h);
        expect(fleet.rul_high_h).toBeGreaterThanOrEqual(fleet.rul_h);
        // The watched pump is wearing: it has hours, not days, left; the probabilities follow the RUL.
        const truthH = (watched.failureMs - server.clock.now()) / HOUR;
        expect(truthH).toBeGreaterThan(0);
        expect(Math.abs(fleet.rul_h - truthH)).toBeLessThan(3);
        const p = after!.failure_probability;
        expect(p).toEqual(fleet.failure_probability);
        expect(p['24h']).toBeLessThanOrEqual(p['7d']);
        expect(p['7d']).toBeLessThanOrEqual(p['30d']);
        expect(p['24h']).toBeGreaterThan(0.5);

        // Recommendations and the health score read the same numbers.
        const recs = (await server.container.recommendations.recompute('PUMP_W')).find(
          (r) => r.key === 'failure:fleet',
        );
        expect(recs?.title).toMatch(/expected to fail in about/);
        const degradation = await server.container.predictions.degradationOf('PUMP_W');
        expect(degradation?.p7d).toBeCloseTo(p['7d'], 6);
        expect(degradation?.rulH).toBeCloseTo(fleet.rul_h, 6);

        // A pump recorded as failed (and not yet repaired) has no life left.
        const res = await server.inject({
          method: 'POST',
          url: '/api/devices/PUMP_W/events',
          token: operator,
          payload: { type: 'failure', ts: new Date(server.clock.now()).toISOString() },
        });
        expect(res.statusCode).toBe(201);
        await server.container.predictions.recompute('PUMP_W');
        const down = await predictionsOf('PUMP_W');
        expect(down.fleet?.rul_h).toBe(0);
        expect(down.failure_probability['24h']).toBe(1);
        // …which the alert rule "failure probability ≥ 0.7" turns into a critical alert.
        const alerts = await server.inject({
          method: 'GET',
          url: '/api/alerts?device_id=PUMP_W',
          token: await admin(),
        });
        const open = (alerts.json() as { items: { metric: string; severity: string }[] }).items;
        expect(open).toContainEqual(
          expect.objectContaining({ metric: 'failure_probability', severity: 'critical' }),
        );
      },
    );
  },
);
