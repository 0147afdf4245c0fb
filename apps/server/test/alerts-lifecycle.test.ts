import type { Alert } from '@dtwin/contracts/alerts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertsOf, createRule, listAlerts, people, send, settle, type People } from './support/alerting';
import { postTelemetry, registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('alert lifecycle on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let t1: { id: string; token: string };
  let base: number;
  const iso = (seconds: number) => new Date(base + seconds * 1000).toISOString();
  const condition = async (deviceId: string) =>
    (
      (
        await server.inject({ method: 'GET', url: `/api/devices/${deviceId}/twin`, token: who.viewer })
      ).json() as { condition: string }
    ).condition;
  /** A rule on T_1's temperature above 50 that fires at once, clears at 48 and reopens within 10 min. */
  const flappyRule = (extra: object = {}) =>
    createRule(server, who.admin, {
      name: 'Warm',
      metric: 'temperature',
      operator: '>',
      threshold: 50,
      hysteresis: 2,
      duration_s: 0,
      cooldown_s: 600,
      severity: 'warning',
      scope: { device_id: 'T_1' },
      ...extra,
    });

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    who = await people(server);
    t1 = {
      id: 'T_1',
      token: await registerDevice(server, who.admin, {
        id: 'T_1',
        name: 'Boiler room sensor',
        model: 'temperature_sensor',
      }),
    };
    base = server.clock.now() - 3_600_000;
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'raises nothing before the condition has held its duration, then one alert that counts',
    async () => {
      await send(server, t1, 'temperature', base, [
        [0, 85],
        [60, 86],
        [120, 84],
        [240, 88],
      ]);
      expect(await alertsOf(server, who.viewer, 'T_1')).toEqual([]);

      await send(server, t1, 'temperature', base, [[300, 89]]);
      const [raised, ...others] = await alertsOf(server, who.viewer, 'T_1');
      expect(others).toEqual([]);
      expect(raised).toMatchObject({
        rule_name: 'High temperature',
        device_id: 'T_1',
        severity: 'warning',
        state: 'active',
        value: 89,
        count: 1,
        started_at: iso(300),
        cleared_at: null,
        acknowledged_by: null,
      });
      expect(raised!.message).toMatch(
        /^Temperature 89 °C on Boiler room sensor is above [\d.]+ °C for \d+ min$/,
      );

      await send(server, t1, 'temperature', base, [
        [360, 91],
        [420, 90],
      ]);
      const alerts = await alertsOf(server, who.viewer, 'T_1');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ id: raised!.id, count: 3, value: 90, state: 'active' });
      const rule = (
        await server.inject({ method: 'GET', url: `/api/alert-rules/${raised!.rule}`, token: who.viewer })
      ).json() as { name: string };
      expect(rule.name).toBe(raised!.rule_name);
    },
  );

  it.skipIf(skip)(
    'clears past the hysteresis, and a flapping signal stays one alert within the cool-down',
    async () => {
      const rule = await flappyRule();
      await send(server, t1, 'temperature', base, [
        [0, 51],
        [10, 49],
      ]);
      let [alert] = await alertsOf(server, who.viewer, 'T_1');
      expect(alert).toMatchObject({ rule, state: 'active', value: 49, count: 1 });

      await send(server, t1, 'temperature', base, [[20, 47.9]]);
      [alert] = await alertsOf(server, who.viewer, 'T_1');
      expect(alert).toMatchObject({ state: 'cleared', cleared_at: iso(20), value: 47.9 });

      const flapping: Array<[number, number]> = [];
      for (let i = 0; i < 20; i += 1) flapping.push([30 + i * 10, i % 2 === 0 ? 52 : 45]);
      await send(server, t1, 'temperature', base, flapping);
      const alerts = await alertsOf(server, who.viewer, 'T_1');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ id: alert!.id, state: 'cleared', count: 11 });

      // Past the cool-down, the condition coming back is a new alert.
      await send(server, t1, 'temperature', base, [[230 + 601, 53]]);
      const after = await alertsOf(server, who.viewer, 'T_1');
      expect(after.map((a) => a.state)).toEqual(['active', 'cleared']);
      expect(after[0]!.id).not.toBe(alert!.id);
    },
  );

  it.skipIf(skip)('evaluates the derived signals the analytics feed in, with hysteresis', async () => {
    await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const evaluate = (signal: string, value: number) =>
      server.container.alertEvaluation.evaluate('PUMP_1', signal, value);
    await evaluate('failure_probability', 0.75);
    await evaluate('failure_probability', 0.65);
    let [alert] = await alertsOf(server, who.viewer, 'PUMP_1');
    expect(alert).toMatchObject({
      rule_name: 'Failure likely',
      severity: 'critical',
      state: 'active',
      value: 0.65,
    });
    await evaluate('failure_probability', 0.55);
    [alert] = await alertsOf(server, who.viewer, 'PUMP_1');
    expect(alert!.state).toBe('cleared');

    await evaluate('health_score', 25);
    await evaluate('anomaly_score', 0.93);
    const open = (await listAlerts(server, who.viewer, 'device_id=PUMP_1&state=active')).items.map(
      (a: Alert) => `${a.rule_name} ${a.severity}`,
    );
    expect(open.sort()).toEqual([
      'Anomalous behaviour warning',
      'Critical health critical',
      'Poor health warning',
    ]);
  });

  it.skipIf(skip)('fires a condition whose duration runs out without a new reading', async () => {
    const now = server.clock.now();
    await postTelemetry(server, 'T_1', t1.token, { ts: now, metrics: { temperature: 85 } });
    await settle(server);
    server.clock.advance(299_000);
    await server.container.alertEvaluation.checkPending();
    expect(await alertsOf(server, who.viewer, 'T_1')).toEqual([]);
    server.clock.advance(2000);
    await server.container.alertEvaluation.checkPending();
    expect(await alertsOf(server, who.viewer, 'T_1')).toMatchObject([
      { rule_name: 'High temperature', state: 'active', value: 85 },
    ]);
  });

  it.skipIf(skip)(
    'raises the offline rule when the twin goes offline, and clears it when the device is back',
    async () => {
      await postTelemetry(server, 'T_1', t1.token, { temperature: 21 });
      await settle(server);
      await server.container.twin.flush();
      server.clock.advance(16_000);
      expect(await server.container.twin.checkConnectivity()).toEqual(['T_1']);
      const [offline] = await alertsOf(server, who.viewer, 'T_1');
      expect(offline).toMatchObject({ rule_name: 'Device offline', state: 'active', severity: 'warning' });
      expect(await condition('T_1')).toBe('warning');

      await postTelemetry(server, 'T_1', t1.token, { temperature: 21 });
      await settle(server);
      expect((await alertsOf(server, who.viewer, 'T_1'))[0]).toMatchObject({
        id: offline!.id,
        state: 'cleared',
      });
      expect(await condition('T_1')).toBe('normal');
    },
  );

  it.skipIf(skip)(
    'clears the open alerts of a rule that is changed out of scope, disabled or deleted, and of a deleted device',
    async () => {
      const rule = await flappyRule();
      const t2 = {
        id: 'T_2',
        token: await registerDevice(server, who.admin, { id: 'T_2', model: 'temperature_sensor' }),
      };
      const wide = await createRule(server, who.admin, {
        name: 'Hall warm',
        metric: 'temperature',
        operator: '>',
        threshold: 40,
        duration_s: 0,
        severity: 'info',
        scope: { model: 'temperature_sensor' },
      });
      await send(server, t1, 'temperature', base, [[0, 55]]);
      await send(server, t2, 'temperature', base, [[0, 55]]);
      const open = async () =>
        (await listAlerts(server, who.viewer, 'state=active')).items
          .map((a) => `${a.rule_name} ${a.device_id}`)
          .sort();
      expect(await open()).toEqual(['Hall warm T_1', 'Hall warm T_2', 'Warm T_1']);
      const patch = (id: number, payload: object) =>
        server.inject({ method: 'PATCH', url: `/api/alert-rules/${id}`, token: who.admin, payload });

      await patch(rule, { threshold: 52 });
      expect(await open()).toEqual(['Hall warm T_1', 'Hall warm T_2', 'Warm T_1']);
      await patch(rule, { scope: { device_id: 'T_2' } });
      expect(await open()).toEqual(['Hall warm T_1', 'Hall warm T_2']);
      await patch(wide, { enabled: false });
      expect(await open()).toEqual([]);

      await patch(wide, { enabled: true });
      await send(server, t1, 'temperature', base, [[10, 56]]);
      await send(server, t2, 'temperature', base, [[10, 56]]);
      expect(await open()).toEqual(['Hall warm T_1', 'Hall warm T_2', 'Warm T_2']);
      await server.inject({ method: 'DELETE', url: `/api/alert-rules/${wide}`, token: who.admin });
      expect(await open()).toEqual(['Warm T_2']);
      await server.inject({ method: 'DELETE', url: '/api/devices/T_2', token: who.admin });
      expect(await open()).toEqual([]);
      expect((await listAlerts(server, who.viewer)).items.every((a) => a.state === 'cleared')).toBe(true);
    },
  );
});
