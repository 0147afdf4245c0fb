import type { AlertRule } from '@dtwin/contracts/alerts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContainer } from '../src/container';
import { createLogger } from '../src/lib/logger';
import { people, type People } from './support/alerting';
import { registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

const rule = {
  name: 'Bearing hot',
  metric: 'bearing_temperature',
  operator: '>',
  threshold: 75,
  duration_s: 120,
  severity: 'warning',
};

describe.each(dialects)('alert rules on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  const rules = async (token = who.viewer) => {
    const res = await server.inject({ method: 'GET', url: '/api/alert-rules', token });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: AlertRule[] }).items;
  };
  const post = (payload: object, token = who.admin) =>
    server.inject({ method: 'POST', url: '/api/alert-rules', token, payload });
  const fieldsOf = (res: { json(): unknown }) =>
    (res.json() as { error: { fields?: Record<string, string> } }).error.fields ?? {};

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    who = await people(server);
    await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'creates, reads, changes and deletes a rule, with defaults for what is left out',
    async () => {
      const created = await post({ ...rule, scope: { model: 'centrifugal_pump' } });
      expect(created.statusCode).toBe(201);
      const body = created.json() as AlertRule;
      expect(body).toMatchObject({
        ...rule,
        scope: { device_id: null, model: 'centrifugal_pump' },
        threshold_high: null,
        hysteresis: 0,
        cooldown_s: 60,
        enabled: true,
        channel_ids: [],
        builtin: false,
        shelved_until: null,
      });
      expect(body.id).toBeGreaterThan(0);

      const read = await server.inject({
        method: 'GET',
        url: `/api/alert-rules/${body.id}`,
        token: who.viewer,
      });
      expect(read.json()).toEqual(body);

      const changed = await server.inject({
        method: 'PATCH',
        url: `/api/alert-rules/${body.id}`,
        token: who.admin,
        payload: { threshold: 80, hysteresis: 3, enabled: false },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({
        threshold: 80,
        hysteresis: 3,
        enabled: false,
        name: 'Bearing hot',
      });

      const outside = await server.inject({
        method: 'PATCH',
        url: `/api/alert-rules/${body.id}`,
        token: who.admin,
        payload: { operator: 'outside', threshold: 20, threshold_high: 80 },
      });
      expect(outside.json()).toMatchObject({ operator: 'outside', threshold: 20, threshold_high: 80 });

      expect(
        (await server.inject({ method: 'DELETE', url: `/api/alert-rules/${body.id}`, token: who.admin }))
          .statusCode,
      ).toBe(204);
      expect(
        (await server.inject({ method: 'GET', url: `/api/alert-rules/${body.id}`, token: who.admin }))
          .statusCode,
      ).toBe(404);
      expect((await rules()).map((r) => r.id)).not.toContain(body.id);

      const audit = await server.inject({ method: 'GET', url: '/api/audit?limit=500', token: who.admin });
      const actions = (
        audit.json() as { items: Array<{ action: string; actor: string; target: string }> }
      ).items.filter((e) => e.target === `alert rule ${body.id}`);
      expect(actions.map((e) => e.action).sort()).toEqual([
        'alert_rule.create',
        'alert_rule.delete',
        'alert_rule.update',
        'alert_rule.update',
      ]);
      expect(actions.every((e) => e.actor === 'admin')).toBe(true);
    },
  );

  it.skipIf(skip)('refuses bad rules with a reason per field', async () => {
    const cases: Array<[object, string]> = [
      [{ ...rule, operator: '=>' }, 'operator'],
      [{ ...rule, threshold: undefined }, 'threshold'],
      [{ ...rule, severity: 'fatal' }, 'severity'],
      [{ ...rule, duration_s: -1 }, 'duration_s'],
      [{ ...rule, name: '' }, 'name'],
      [{ ...rule, operator: 'outside' }, 'threshold_high'],
      [{ ...rule, operator: 'outside', threshold: 10, threshold_high: 5 }, 'threshold_high'],
      [{ ...rule, threshold_high: 90 }, 'threshold_high'],
      [{ ...rule, scope: { device_id: 'PUMP_1', model: 'centrifugal_pump' } }, 'scope'],
      [{ ...rule, metric: 'warp_factor' }, 'metric'],
      [{ ...rule, metric: 'temperature', scope: { model: 'centrifugal_pump' } }, 'metric'],
      [{ ...rule, scope: { device_id: 'NO_SUCH_DEVICE' } }, 'scope.device_id'],
      [{ ...rule, scope: { model: 'no_such_model' } }, 'scope.model'],
      [{ ...rule, channel_ids: [999] }, 'channel_ids'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(fieldsOf(res)).join(' '), JSON.stringify(payload)).toContain(field);
    }
    const patch = await server.inject({
      method: 'PATCH',
      url: `/api/alert-rules/${(await rules())[0]!.id}`,
      token: who.admin,
      payload: { operator: 'outside' },
    });
    expect(patch.statusCode).toBe(400);
    expect(fieldsOf(patch)).toHaveProperty('threshold_high');
    expect(
      (
        await server.inject({
          method: 'PATCH',
          url: '/api/alert-rules/99999',
          token: who.admin,
          payload: { threshold: 1 },
        })
      ).statusCode,
    ).toBe(404);
  });

  it.skipIf(skip)(
    'names notification channels, and forgets a deleted one instead of refusing later edits',
    async () => {
      const channel = await server.inject({
        method: 'POST',
        url: '/api/channels',
        token: who.admin,
        payload: { name: 'Ops', type: 'slack', url: 'https://hooks.example.com/services/x' },
      });
      const channelId = (channel.json() as { id: number }).id;
      const created = (await post({ ...rule, channel_ids: [channelId] })).json() as AlertRule;
      expect(created.channel_ids).toEqual([channelId]);
      await server.inject({ method: 'DELETE', url: `/api/channels/${channelId}`, token: who.admin });
      const changed = await server.inject({
        method: 'PATCH',
        url: `/api/alert-rules/${created.id}`,
        token: who.admin,
        payload: { threshold: 76 },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ threshold: 76, channel_ids: [] });
    },
  );

  it.skipIf(skip)('lets everyone read rules and only admins change them', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/alert-rules' })).statusCode).toBe(401);
    expect((await post(rule, who.operator)).statusCode).toBe(403);
    expect((await post(rule, who.viewer)).statusCode).toBe(403);
    const id = (await rules(who.viewer))[0]!.id;
    expect(
      (
        await server.inject({
          method: 'PATCH',
          url: `/api/alert-rules/${id}`,
          token: who.operator,
          payload: { threshold: 1 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: 'DELETE', url: `/api/alert-rules/${id}`, token: who.viewer }))
        .statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: 'GET', url: `/api/alert-rules/${id}`, token: who.viewer })).statusCode,
    ).toBe(200);
  });

  it.skipIf(skip)('installs the default rules once, and a deleted default stays deleted', async () => {
    const defaults = (await rules()).filter((r) => r.builtin);
    const summary = defaults.map(
      (r) => `${r.metric} ${r.operator} ${r.threshold} ${r.duration_s}s ${r.severity}`,
    );
    expect(summary).toEqual(
      expect.arrayContaining([
        'temperature > 80 300s warning',
        'temperature > 95 60s critical',
        'vibration > 0.5 180s warning',
        'efficiency < 70 600s info',
        'health_score <= 60 0s warning',
        'health_score <= 30 0s critical',
        'failure_probability >= 0.7 0s critical',
        'offline == 1 0s warning',
      ]),
    );
    expect(defaults.some((r) => r.metric === 'anomaly_score')).toBe(true);

    const offline = defaults.find((r) => r.metric === 'offline')!;
    await server.inject({ method: 'DELETE', url: `/api/alert-rules/${offline.id}`, token: who.admin });
    // A second start on the same database (as after a restart) installs nothing again.
    const again = await createContainer({
      config: server.container.config,
      logger: createLogger({ level: 'silent' }),
      clock: server.clock,
      database: { ...server.container.database, close: async () => {} },
    });
    const after = again.alertRules.list().filter((r) => r.builtin);
    expect(after).toHaveLength(defaults.length - 1);
    expect(after.some((r) => r.metric === 'offline')).toBe(false);
    await again.close();
  });

  it.skipIf(skip)('shelves a whole rule with who and why (operators may), and unshelves it', async () => {
    const id = await post(rule).then((r) => (r.json() as AlertRule).id);
    expect(
      (
        await server.inject({
          method: 'POST',
          url: `/api/alert-rules/${id}/shelve`,
          token: who.viewer,
          payload: { duration_s: 600, reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await server.inject({
          method: 'POST',
          url: `/api/alert-rules/${id}/shelve`,
          token: who.operator,
          payload: { duration_s: 600 },
        })
      ).statusCode,
    ).toBe(400);
    const shelved = await server.inject({
      method: 'POST',
      url: `/api/alert-rules/${id}/shelve`,
      token: who.operator,
      payload: { duration_s: 600, reason: 'sensor being replaced' },
    });
    expect(shelved.statusCode).toBe(200);
    expect(shelved.json()).toMatchObject({
      shelved_by: 'operator-1',
      shelve_reason: 'sensor being replaced',
      shelved_until: new Date(server.clock.now() + 600_000).toISOString(),
    });
    const back = await server.inject({
      method: 'DELETE',
      url: `/api/alert-rules/${id}/shelve`,
      token: who.operator,
    });
    expect(back.json()).toMatchObject({ shelved_by: null, shelved_until: null });
  });
});
