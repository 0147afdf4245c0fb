import type { Channel } from '@dtwin/contracts/notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRule,
  notificationsOf,
  people,
  settle,
  startReceiver,
  startSmtpSink,
  type People,
} from './support/alerting';
import { registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

const SMTP_PASSWORD = 'smtp-password-do-not-leak-71';
const SLACK_PATH = '/services/T0001/B0001/slackSecretToken42';
const HOOK_PATH = '/hooks/webhook-secret-path-9f3';
const SIGNING_SECRET = 'signing-secret-never-shown-0123';

describe.each(dialects)('notification channels on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const post = (payload: object, token = who.admin) =>
    server.inject({ method: 'POST', url: '/api/channels', token, payload });
  const secrets = () => [
    SMTP_PASSWORD,
    SLACK_PATH,
    HOOK_PATH,
    SIGNING_SECRET,
    'slackSecretToken42',
    'webhook-secret-path-9f3',
  ];
  const expectNoSecret = (text: string) => {
    for (const secret of secrets()) expect(text).not.toContain(secret);
  };
  const emailChannel = () => ({
    name: 'Shift leads',
    type: 'email',
    min_severity: 'warning',
    email: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: 'alerts@plant.example',
      from: 'twin@plant.example',
      to: ['lead@plant.example', 'oncall@plant.example'],
    },
    password: SMTP_PASSWORD,
  });

  beforeEach(async () => {
    if (skip) return;
    // The test receivers listen on 127.0.0.1.
    server = await startTestServer(name, { ALLOW_PRIVATE_WEBHOOKS: 'true' });
    who = await people(server);
    smtp = await startSmtpSink();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    if (skip) return;
    await server.close();
    await smtp.close();
    await receiver.close();
  });

  it.skipIf(skip)('stores each kind of channel, shows no secret, and changes and deletes them', async () => {
    const email = await post(emailChannel());
    expect(email.statusCode).toBe(201);
    expect(email.json()).toMatchObject({
      name: 'Shift leads',
      type: 'email',
      min_severity: 'warning',
      enabled: true,
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        user: 'alerts@plant.example',
        to: ['lead@plant.example', 'oncall@plant.example'],
      },
      has_secret: true,
      secret_hint: `127.0.0.1:${smtp.port}`,
    });
    const slack = await post({
      name: 'Slack #ops',
      type: 'slack',
      url: `${receiver.origin}${SLACK_PATH}`,
      min_severity: 'critical',
    });
    const hook = await post({
      name: 'CMMS',
      type: 'webhook',
      url: `${receiver.origin}${HOOK_PATH}`,
      signing_secret: SIGNING_SECRET,
    });
    expect(slack.json()).toMatchObject({
      type: 'slack',
      email: null,
      has_secret: true,
      secret_hint: `${receiver.origin}/…`,
    });
    expect(hook.json()).toMatchObject({ type: 'webhook', min_severity: 'warning', has_secret: true });
    const id = (hook.json() as Channel).id;

    const changed = await server.inject({
      method: 'PATCH',
      url: `/api/channels/${id}`,
      token: who.admin,
      payload: { min_severity: 'info', enabled: false, signing_secret: `${SIGNING_SECRET}-2` },
    });
    expect(changed.json()).toMatchObject({ min_severity: 'info', enabled: false, has_secret: true });
    const foreign = await server.inject({
      method: 'PATCH',
      url: `/api/channels/${id}`,
      token: who.admin,
      payload: { password: 'x' },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({
      error: { fields: { password: 'is not a setting of a webhook channel' } },
    });

    const list = await server.inject({ method: 'GET', url: '/api/channels', token: who.admin });
    expect((list.json() as { total: number }).total).toBe(3);
    for (const res of [
      email,
      slack,
      hook,
      changed,
      list,
      await server.inject({ method: 'GET', url: `/api/channels/${id}`, token: who.admin }),
    ])
      expectNoSecret(res.body);

    expect(
      (await server.inject({ method: 'DELETE', url: `/api/channels/${id}`, token: who.admin })).statusCode,
    ).toBe(204);
    expect(
      (await server.inject({ method: 'GET', url: `/api/channels/${id}`, token: who.admin })).statusCode,
    ).toBe(404);

    const audit = await server.inject({ method: 'GET', url: '/api/audit?limit=500', token: who.admin });
    const actions = (audit.json() as { items: Array<{ action: string }> }).items
      .map((e) => e.action)
      .filter((a) => a.startsWith('channel.'));
    expect(actions.sort()).toEqual([
      'channel.create',
      'channel.create',
      'channel.create',
      'channel.delete',
      'channel.update',
    ]);
    expectNoSecret(audit.body);
  });

  it.skipIf(skip)('keeps secrets as Fernet tokens at rest', async () => {
    await post(emailChannel());
    await post({
      name: 'CMMS',
      type: 'webhook',
      url: `${receiver.origin}${HOOK_PATH}`,
      signing_secret: SIGNING_SECRET,
    });
    const rows = await server.container.database.db
      .selectFrom('notification_channels')
      .selectAll()
      .orderBy('id')
      .execute();
    for (const row of rows) {
      expect(row.secret_enc).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
      expectNoSecret(JSON.stringify({ ...row, secret_enc: null }));
    }
    expect(server.container.keyring.decrypt(rows[0]!.secret_enc!)).toContain(SMTP_PASSWORD);
    expect(server.container.keyring.decrypt(rows[1]!.secret_enc!)).toContain(SIGNING_SECRET);
  });

  it.skipIf(skip)('refuses bad channels and everyone but admins', async () => {
    const bad: Array<[object, string]> = [
      [{ name: 'x', type: 'pager', url: 'https://example.com' }, 'type'],
      [{ name: 'x', type: 'slack', url: 'ftp://example.com/hook' }, 'url'],
      [{ name: 'x', type: 'slack', url: 'not a url' }, 'url'],
      [{ name: 'x', type: 'webhook', url: 'https://example.com/hook' }, 'signing_secret'],
      [
        { name: 'x', type: 'webhook', url: 'https://example.com/hook', signing_secret: 'short' },
        'signing_secret',
      ],
      [{ ...emailChannel(), email: { ...emailChannel().email, to: [] } }, 'email.to'],
      [{ ...emailChannel(), email: { ...emailChannel().email, from: 'nobody' } }, 'email.from'],
      [{ name: 'x', type: 'slack', url: 'https://example.com/h', min_severity: 'fatal' }, 'min_severity'],
    ];
    for (const [payload, field] of bad) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json()), JSON.stringify(payload)).toContain(field);
    }
    expect((await post(emailChannel(), who.operator)).statusCode).toBe(403);
    expect(
      (await server.inject({ method: 'GET', url: '/api/channels', token: who.operator })).statusCode,
    ).toBe(403);
    expect((await server.inject({ method: 'GET', url: '/api/channels', token: who.viewer })).statusCode).toBe(
      403,
    );
    expect(
      (await server.inject({ method: 'GET', url: '/api/notifications', token: who.viewer })).statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: 'GET', url: '/api/notifications', token: who.operator })).statusCode,
    ).toBe(200);
  });

  it.skipIf(skip)('sends a test message on request and says whether it went through', async () => {
    const email = (await post(emailChannel()).then((r) => r.json())) as Channel;
    const sent = await server.inject({
      method: 'POST',
      url: `/api/channels/${email.id}/test`,
      token: who.admin,
    });
    expect(sent.json()).toMatchObject({ delivered: true, error: null });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      from: 'twin@plant.example',
      to: ['lead@plant.example', 'oncall@plant.example'],
    });
    expect(smtp.mails[0]!.subject).toContain('[TEST]');
    expect(smtp.logins).toEqual([{ username: 'alerts@plant.example', password: SMTP_PASSWORD }]);

    const dead = await startReceiver();
    await dead.close();
    const hook = (await post({
      name: 'Gone',
      type: 'webhook',
      url: `${dead.origin}${HOOK_PATH}`,
      signing_secret: SIGNING_SECRET,
    }).then((r) => r.json())) as Channel;
    const failed = await server.inject({
      method: 'POST',
      url: `/api/channels/${hook.id}/test`,
      token: who.admin,
    });
    expect(failed.statusCode).toBe(200);
    // Only a generic failure: the reason is in the delivery log, not in the test's answer.
    expect(failed.json()).toMatchObject({ delivered: false, error: expect.stringMatching(/not delivered/) });
    expect(failed.body).not.toContain('ECONNREFUSED');
    expectNoSecret(failed.body);
    expect(
      (await server.inject({ method: 'POST', url: `/api/channels/${hook.id}/test`, token: who.operator }))
        .statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: 'POST', url: '/api/channels/9999/test', token: who.admin })).statusCode,
    ).toBe(404);
  });

  it.skipIf(skip)('never shows a secret in the notification log, even when the receiver fails', async () => {
    const failing = await startReceiver(() => 503);
    const hook = (await post({
      name: 'CMMS',
      type: 'webhook',
      url: `${failing.origin}${HOOK_PATH}`,
      signing_secret: SIGNING_SECRET,
      min_severity: 'info',
    }).then((r) => r.json())) as Channel;
    await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await createRule(server, who.admin, {
      name: 'Hot bearing',
      metric: 'bearing_temperature',
      operator: '>',
      threshold: 80,
      severity: 'critical',
      channel_ids: [hook.id],
    });
    await server.container.alertEvaluation.evaluate('PUMP_1', 'bearing_temperature', 85);
    await settle(server);
    const log = await server.inject({ method: 'GET', url: '/api/notifications', token: who.admin });
    const items = (
      log.json() as { items: Array<{ status: string; error: string | null; channel_name: string }> }
    ).items;
    expect(items.map((i) => i.status)).toEqual(['pending', 'failed']);
    expect(items[1]!.error).toContain('HTTP 503');
    expectNoSecret(log.body);
    expect(failing.requests[0]!.path).toBe(HOOK_PATH);
    await failing.close();
    expect(await notificationsOf(server, who.operator, 'status=failed')).toHaveLength(1);
  });
});
