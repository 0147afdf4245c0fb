import crypto from 'node:crypto';
import type { Alert } from '@dtwin/contracts/alerts';
import type { Channel } from '@dtwin/contracts/notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContainer } from '../src/container';
import { createLogger } from '../src/lib/logger';
import {
  alertsOf,
  createRule,
  notificationsOf,
  people,
  send,
  settle,
  startReceiver,
  startSmtpSink,
  type People,
} from './support/alerting';
import { registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

const SIGNING_SECRET = 'whsec-0123456789abcdef-secret';
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe.each(dialects)('notification delivery on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  const closers: Array<() => Promise<void>> = [];
  const receiver = async (status?: (n: number) => number) => {
    const r = await startReceiver(status);
    closers.push(r.close);
    return r;
  };
  const channel = async (body: object): Promise<number> => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/channels',
      token: who.admin,
      payload: { min_severity: 'info', ...body },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return (res.json() as Channel).id;
  };
  const webhook = (r: Receiver, extra: object = {}) =>
    channel({
      name: `hook ${r.origin}`,
      type: 'webhook',
      url: `${r.origin}/hook`,
      signing_secret: SIGNING_SECRET,
      ...extra,
    });
  const evaluate = async (deviceId: string, signal: string, value: number) => {
    await server.container.alertEvaluation.evaluate(deviceId, signal, value);
    await settle(server);
  };
  const events = (r: Receiver) =>
    r.requests.map((q) => (JSON.parse(q.body) as { event: string; alert: Alert | null }).event);

  beforeEach(async () => {
    if (skip) return;
    // The test receivers listen on 127.0.0.1.
    server = await startTestServer(name, { ALLOW_PRIVATE_WEBHOOKS: 'true' });
    who = await people(server);
    await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await registerDevice(server, who.admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (skip) return;
    await server.close();
    for (const close of closers.splice(0)) await close();
  });

  it.skipIf(skip)(
    'e-mails the alert text over SMTP and posts it to Slack and to a signed webhook',
    async () => {
      const smtp = await startSmtpSink();
      closers.push(smtp.close);
      const slack = await receiver();
      const hook = await receiver();
      await channel({
        name: 'Shift',
        type: 'email',
        email: {
          host: '127.0.0.1',
          port: smtp.port,
          from: 'twin@plant.example',
          to: ['shift@plant.example'],
        },
      });
      await channel({ name: 'Slack', type: 'slack', url: `${slack.origin}/services/T1/B1/x` });
      await webhook(hook);
      const t1 = {
        id: 'T_1',
        token: await registerDevice(server, who.admin, { id: 'T_1', model: 'temperature_sensor' }),
      };

      await send(server, t1, 'temperature', server.clock.now() - 600_000, [
        [0, 97.5],
        [60, 98.25],
      ]);
      const [alert] = await alertsOf(server, who.viewer, 'T_1');
      expect(alert).toMatchObject({ rule_name: 'Critical temperature', severity: 'critical' });

      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['shift@plant.example']);
      expect(smtp.mails[0]!.subject).toBe('[CRITICAL] Critical temperature on T_1');
      expect(smtp.mails[0]!.text).toContain('Temperature 98.3 °C on T_1 is above 95 °C for 1 min');
      expect(smtp.mails[0]!.text).toContain(`#${alert!.id}`);

      expect(slack.requests).toHaveLength(1);
      expect((JSON.parse(slack.requests[0]!.body) as { text: string }).text).toContain(
        '*[CRITICAL] Critical temperature on T_1*',
      );

      expect(hook.requests).toHaveLength(1);
      const { headers, body } = hook.requests[0]!;
      const timestamp = String(headers['x-digitaltwin-timestamp']);
      const expected = crypto
        .createHmac('sha256', SIGNING_SECRET)
        .update(`${timestamp}.${body}`)
        .digest('hex');
      expect(headers['x-digitaltwin-signature']).toBe(`sha256=${expected}`);
      expect(Math.abs(Number(timestamp) - server.clock.now() / 1000)).toBeLessThan(5);
      expect(headers['x-digitaltwin-event']).toBe('alert.raised');
      expect(JSON.parse(body)).toMatchObject({
        event: 'alert.raised',
        alert: { id: alert!.id, device_id: 'T_1', severity: 'critical' },
      });

      const log = await notificationsOf(server, who.operator, `alert_id=${alert!.id}`);
      expect(log.map((n) => `${n.channel_type} ${n.kind} ${n.status} ${n.attempt}`).sort()).toEqual([
        'email raise sent 1',
        'slack raise sent 1',
        'webhook raise sent 1',
      ]);
    },
  );

  it.skipIf(skip)(
    'routes by each channel’s minimum severity, and to the rule’s own channels when it names some',
    async () => {
      const critical = await receiver();
      const everything = await receiver();
      const criticalId = await webhook(critical, { min_severity: 'critical' });
      await webhook(everything);

      await evaluate('PUMP_1', 'health_score', 55);
      expect([critical.requests.length, everything.requests.length]).toEqual([0, 1]);

      server.clock.advance(120_000);
      await evaluate('PUMP_2', 'failure_probability', 0.9);
      expect([critical.requests.length, everything.requests.length]).toEqual([1, 2]);

      server.clock.advance(120_000);
      await createRule(server, who.admin, {
        name: 'Seal leak',
        metric: 'flow',
        operator: '<',
        threshold: 30,
        severity: 'critical',
        scope: { device_id: 'PUMP_1' },
        channel_ids: [criticalId],
      });
      await evaluate('PUMP_1', 'flow', 20);
      expect([critical.requests.length, everything.requests.length]).toEqual([2, 2]);
    },
  );

  it.skipIf(skip)(
    'retries with exponential backoff, survives a restart, and logs every attempt',
    async () => {
      const flaky = await receiver((n) => (n <= 2 ? 500 : 204));
      await webhook(flaky);
      await evaluate('PUMP_1', 'failure_probability', 0.9);
      expect(flaky.requests).toHaveLength(1);

      server.clock.advance(29_000);
      await server.container.notifications.processDue();
      expect(flaky.requests).toHaveLength(1);
      server.clock.advance(1000);
      await server.container.notifications.processDue();
      expect(flaky.requests).toHaveLength(2);

      // The third attempt is due 60 s later; a new process on the same database sends it.
      const restarted = await createContainer({
        config: server.container.config,
        logger: createLogger({ level: 'silent' }),
        clock: server.clock,
        database: { ...server.container.database, close: async () => {} },
      });
      server.clock.advance(59_000);
      expect(await restarted.notifications.processDue()).toBe(0);
      server.clock.advance(1000);
      expect(await restarted.notifications.processDue()).toBe(1);
      await restarted.close();
      expect(flaky.requests).toHaveLength(3);
      expect(new Set(flaky.requests.map((r) => r.headers['x-digitaltwin-delivery'])).size).toBe(3);

      const log = await notificationsOf(server, who.operator);
      expect(log.map((n) => [n.attempt, n.status, n.error])).toEqual([
        [3, 'sent', null],
        [2, 'failed', `${flaky.origin} answered HTTP 500`],
        [1, 'failed', `${flaky.origin} answered HTTP 500`],
      ]);
      expect(Date.parse(log[1]!.scheduled_at) - Date.parse(log[2]!.scheduled_at)).toBe(30_000);
      expect(Date.parse(log[0]!.scheduled_at) - Date.parse(log[1]!.scheduled_at)).toBe(60_000);
    },
  );

  it.skipIf(skip)('escalates a critical alert nobody acknowledged, once', async () => {
    const hook = await receiver();
    await webhook(hook);
    await evaluate('PUMP_1', 'failure_probability', 0.9);
    server.clock.advance(120_000);
    await evaluate('PUMP_2', 'failure_probability', 0.95);
    const [acked] = await alertsOf(server, who.viewer, 'PUMP_2');
    await server.inject({ method: 'POST', url: `/api/alerts/${acked!.id}/acknowledge`, token: who.operator });
    expect(events(hook)).toEqual(['alert.raised', 'alert.raised']);

    server.clock.advance(12 * 60_000);
    await server.container.alerts.maintain();
    await settle(server);
    expect(hook.requests).toHaveLength(2);
    server.clock.advance(60_000);
    await server.container.alerts.maintain();
    await settle(server);
    expect(events(hook)).toEqual(['alert.raised', 'alert.raised', 'alert.escalated']);
    const escalation = JSON.parse(hook.requests[2]!.body) as { subject: string; text: string; alert: Alert };
    expect(escalation.alert.device_id).toBe('PUMP_1');
    expect(escalation.subject).toBe('[ESCALATION] [CRITICAL] Failure likely on PUMP_1');
    expect(escalation.text).toContain('Not acknowledged after 15 min');
    expect((await alertsOf(server, who.viewer, 'PUMP_1'))[0]!.escalated_at).not.toBeNull();

    server.clock.advance(60 * 60_000);
    await server.container.alerts.maintain();
    await settle(server);
    expect(hook.requests).toHaveLength(3);
    expect((await notificationsOf(server, who.operator, 'kind=escalation')).map((n) => n.status)).toEqual([
      'sent',
    ]);
  });

  it.skipIf(skip)(
    'does not notify while a rule is shelved, and notifies once the shelving ends',
    async () => {
      const hook = await receiver();
      await webhook(hook);
      const rule = (
        await server.inject({ method: 'GET', url: '/api/alert-rules', token: who.viewer })
      ).json() as { items: Array<{ id: number; metric: string }> };
      const failure = rule.items.find((r) => r.metric === 'failure_probability')!;
      await server.inject({
        method: 'POST',
        url: `/api/alert-rules/${failure.id}/shelve`,
        token: who.operator,
        payload: { duration_s: 600, reason: 'pump overhaul' },
      });

      await evaluate('PUMP_1', 'failure_probability', 0.9);
      expect((await alertsOf(server, who.viewer, 'PUMP_1'))[0]!.state).toBe('shelved');
      expect(hook.requests).toHaveLength(0);
      server.clock.advance(300_000);
      await server.container.alerts.maintain();
      await settle(server);
      expect(hook.requests).toHaveLength(0);

      server.clock.advance(301_000);
      await server.container.alerts.maintain();
      await settle(server);
      expect((await alertsOf(server, who.viewer, 'PUMP_1'))[0]!.state).toBe('active');
      expect(events(hook)).toEqual(['alert.raised']);
    },
  );

  it.skipIf(skip)(
    'notifies once for a flapping signal and once for a flood, unless the flood gets worse',
    async () => {
      const hook = await receiver();
      await webhook(hook);
      await createRule(server, who.admin, {
        name: 'Low flow',
        metric: 'flow',
        operator: '<',
        threshold: 30,
        hysteresis: 2,
        cooldown_s: 600,
        severity: 'warning',
      });
      for (const value of [25, 35, 24, 36, 25, 40, 20]) await evaluate('PUMP_1', 'flow', value);
      expect((await alertsOf(server, who.viewer, 'PUMP_1')).map((a) => [a.state, a.count])).toEqual([
        ['active', 4],
      ]);
      expect(hook.requests).toHaveLength(1);

      server.clock.advance(10_000);
      await evaluate('PUMP_2', 'flow', 22);
      expect(hook.requests).toHaveLength(1);
      await evaluate('PUMP_2', 'failure_probability', 0.9);
      expect(events(hook)).toEqual(['alert.raised', 'alert.raised']);
      const groups = new Set(
        [
          ...(await alertsOf(server, who.viewer, 'PUMP_1')),
          ...(await alertsOf(server, who.viewer, 'PUMP_2')),
        ].map((a) => a.group_id),
      );
      expect(groups.size).toBe(1);
    },
  );
});
