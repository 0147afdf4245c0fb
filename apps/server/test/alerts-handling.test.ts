import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertsOf, createRule, listAlerts, people, send, type People } from './support/alerting';
import { registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('handling alerts on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let t1: { id: string; token: string };
  let base: number;
  const act = (id: number, action: string, token: string, payload?: object) =>
    server.inject({
      method: 'POST',
      url: `/api/alerts/${id}/${action}`,
      token,
      ...(payload ? { payload } : {}),
    });
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
      token: await registerDevice(server, who.admin, { id: 'T_1', model: 'temperature_sensor' }),
    };
    base = server.clock.now() - 3_600_000;
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('lets operators acknowledge and resolve, not viewers; both are audited', async () => {
    await flappyRule({ cooldown_s: 0 });
    await send(server, t1, 'temperature', base, [[0, 55]]);
    const [alert] = await alertsOf(server, who.viewer, 'T_1');

    expect((await act(alert!.id, 'acknowledge', who.viewer)).statusCode).toBe(403);
    const acked = await act(alert!.id, 'acknowledge', who.operator);
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({
      state: 'acknowledged',
      acknowledged_by: 'operator-1',
      acknowledged_at: new Date(server.clock.now()).toISOString(),
    });
    // Still met: it stays acknowledged and keeps counting; then it clears by itself.
    await send(server, t1, 'temperature', base, [[10, 56]]);
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]).toMatchObject({ state: 'acknowledged', count: 2 });
    await send(server, t1, 'temperature', base, [[20, 40]]);
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]).toMatchObject({
      state: 'cleared',
      acknowledged_by: 'operator-1',
    });
    expect((await act(alert!.id, 'acknowledge', who.operator)).statusCode).toBe(409);

    await send(server, t1, 'temperature', base, [[30, 57]]);
    const [second] = await alertsOf(server, who.viewer, 'T_1');
    expect(second!.id).not.toBe(alert!.id);
    expect((await act(second!.id, 'resolve', who.viewer)).statusCode).toBe(403);
    const resolved = await act(second!.id, 'resolve', who.operator);
    expect(resolved.json()).toMatchObject({ state: 'resolved', resolved_by: 'operator-1' });
    expect((await act(second!.id, 'resolve', who.operator)).statusCode).toBe(409);

    const audit = (
      await server.inject({ method: 'GET', url: '/api/audit?limit=500', token: who.admin })
    ).json() as { items: Array<{ action: string; actor: string; target: string }> };
    expect(audit.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'alert.acknowledge',
          actor: 'operator-1',
          target: `alert ${alert!.id}`,
        }),
        expect.objectContaining({
          action: 'alert.resolve',
          actor: 'operator-1',
          target: `alert ${second!.id}`,
        }),
      ]),
    );
  });

  it.skipIf(skip)('lists alerts by state, severity and device, with paging', async () => {
    await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const evaluate = server.container.alertEvaluation.evaluate;
    await evaluate('PUMP_1', 'failure_probability', 0.8, base);
    await evaluate('T_1', 'health_score', 50, base + 120_000);
    await evaluate('T_1', 'health_score', 90, base + 180_000);
    expect((await listAlerts(server, who.viewer)).total).toBe(2);
    expect((await listAlerts(server, who.viewer, 'severity=critical')).items.map((a) => a.device_id)).toEqual(
      ['PUMP_1'],
    );
    expect((await listAlerts(server, who.viewer, 'state=cleared')).items.map((a) => a.rule_name)).toEqual([
      'Poor health',
    ]);
    expect(
      (await listAlerts(server, who.viewer, 'state=active,acknowledged')).items.map((a) => a.rule_name),
    ).toEqual(['Failure likely']);
    expect((await listAlerts(server, who.viewer, 'device_id=T_1')).total).toBe(1);
    const page = await listAlerts(server, who.viewer, 'limit=1&offset=1');
    expect(page).toMatchObject({ total: 2, items: [expect.objectContaining({ device_id: 'PUMP_1' })] });
    expect(
      (await server.inject({ method: 'GET', url: '/api/alerts?state=open', token: who.viewer })).statusCode,
    ).toBe(400);
    expect(
      (await server.inject({ method: 'GET', url: '/api/alerts/99999', token: who.viewer })).statusCode,
    ).toBe(404);
    expect((await server.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
  });

  it.skipIf(skip)(
    'gives the twin the condition of its alerts; maintenance mode wins and raises nothing',
    async () => {
      await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
      const evaluate = (device: string, value: number) =>
        server.container.alertEvaluation.evaluate(device, 'health_score', value);
      await evaluate('PUMP_1', 55);
      expect(await condition('PUMP_1')).toBe('warning');
      await evaluate('PUMP_1', 20);
      expect(await condition('PUMP_1')).toBe('critical');
      expect(await server.container.alerts.conditionOf('PUMP_1')).toBe('critical');

      await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1',
        token: who.admin,
        payload: { maintenance_mode: true },
      });
      expect(await condition('PUMP_1')).toBe('maintenance');
      await evaluate('PUMP_1', 90);
      expect(await condition('PUMP_1')).toBe('maintenance');
      await evaluate('PUMP_1', 10);
      expect((await listAlerts(server, who.viewer, 'state=active')).total).toBe(0);
      await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1',
        token: who.admin,
        payload: { maintenance_mode: false },
      });
      expect(await condition('PUMP_1')).toBe('normal');

      await evaluate('PUMP_1', 12);
      expect(await condition('PUMP_1')).toBe('critical');
      await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1',
        token: who.admin,
        payload: { maintenance_mode: true },
      });
      await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1',
        token: who.admin,
        payload: { maintenance_mode: false },
      });
      expect(await condition('PUMP_1')).toBe('critical');
    },
  );

  it.skipIf(skip)('shelves an alert or a whole rule for a while, with who and why', async () => {
    const rule = await flappyRule();
    await send(server, t1, 'temperature', base, [[0, 55]]);
    const [alert] = await alertsOf(server, who.viewer, 'T_1');
    expect((await act(alert!.id, 'shelve', who.viewer, { duration_s: 600, reason: 'x' })).statusCode).toBe(
      403,
    );
    const shelved = await act(alert!.id, 'shelve', who.operator, {
      duration_s: 600,
      reason: 'known issue, fix planned',
    });
    expect(shelved.json()).toMatchObject({
      state: 'shelved',
      shelved_by: 'operator-1',
      shelve_reason: 'known issue, fix planned',
      shelved_until: new Date(server.clock.now() + 600_000).toISOString(),
    });
    // The shelved alert no longer counts; the reading itself (55 °C) is still outside the normal range.
    expect(await condition('T_1')).toBe('warning');

    server.clock.advance(599_000);
    await server.container.alerts.maintain();
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]!.state).toBe('shelved');
    server.clock.advance(2000);
    await server.container.alerts.maintain();
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]).toMatchObject({
      state: 'active',
      shelved_until: null,
    });
    expect(await condition('T_1')).toBe('warning');

    // Shelving the rule shelves its open alert, and what it raises meanwhile arrives shelved.
    await server.inject({
      method: 'POST',
      url: `/api/alert-rules/${rule}/shelve`,
      token: who.operator,
      payload: { duration_s: 3600, reason: 'commissioning' },
    });
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]).toMatchObject({
      state: 'shelved',
      shelve_reason: 'commissioning',
    });
    await send(server, t1, 'temperature', base, [[10, 40]]);
    await send(server, t1, 'temperature', base, [[4000, 60]]);
    const [fresh] = await alertsOf(server, who.viewer, 'T_1');
    expect(fresh).toMatchObject({ state: 'shelved', shelve_reason: 'commissioning' });
    expect(fresh!.id).not.toBe(alert!.id);
    await server.inject({ method: 'DELETE', url: `/api/alert-rules/${rule}/shelve`, token: who.operator });
    expect((await alertsOf(server, who.viewer, 'T_1'))[0]!.state).toBe('active');
  });

  it.skipIf(skip)(
    'groups a flood: the same rule on many devices, or many rules on one device, close together',
    async () => {
      const devices = [t1];
      for (const id of ['T_2', 'T_3', 'T_4'])
        devices.push({
          id,
          token: await registerDevice(server, who.admin, { id, model: 'temperature_sensor' }),
        });
      await createRule(server, who.admin, {
        name: 'Hall too warm',
        metric: 'temperature',
        operator: '>',
        threshold: 40,
        duration_s: 0,
        severity: 'warning',
        scope: { model: 'temperature_sensor' },
      });
      for (const [i, device] of devices.entries())
        await send(server, device, 'temperature', base, [[i * 10, 45]]);
      // Another one, ten minutes later, is not part of that flood.
      const late = {
        id: 'T_5',
        token: await registerDevice(server, who.admin, { id: 'T_5', model: 'temperature_sensor' }),
      };
      await send(server, late, 'temperature', base, [[600, 45]]);

      const list = await listAlerts(server, who.viewer, 'group=true');
      const flood = list.items.filter((a) => a.device_id !== 'T_5');
      expect(new Set(flood.map((a) => a.group_id)).size).toBe(1);
      expect(flood[0]!.group_id).not.toBeNull();
      expect(list.items.find((a) => a.device_id === 'T_5')!.group_id).toBeNull();
      expect(list.groups).toEqual([
        expect.objectContaining({
          group_id: flood[0]!.group_id,
          alert_count: 4,
          severity: 'warning',
          device_ids: ['T_1', 'T_2', 'T_3', 'T_4'],
          rule_names: ['Hall too warm'],
        }),
      ]);
      expect((await listAlerts(server, who.viewer, `group_id=${flood[0]!.group_id}`)).total).toBe(4);

      await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
      await server.container.alertEvaluation.evaluate('PUMP_1', 'health_score', 20);
      await server.container.alertEvaluation.evaluate('PUMP_1', 'failure_probability', 0.9);
      const pump = await alertsOf(server, who.viewer, 'PUMP_1');
      expect(pump).toHaveLength(3);
      expect(new Set(pump.map((a) => a.group_id)).size).toBe(1);
      expect(pump[0]!.group_id).not.toBeNull();
    },
  );
});
