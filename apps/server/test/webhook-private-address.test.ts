import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../src/modules/notifications/address-guard';
import { people, startReceiver, type People } from './support/alerting';
import { startTestServer, type TestServer } from './support/server';

describe('webhooks to the server own networks', () => {
  let server: TestServer;
  let who: People;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    server = await startTestServer('sqlite');
    who = await people(server);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await server.close();
  });

  const testChannel = async (type: 'webhook' | 'slack', url: string) => {
    const created = await server.inject({
      method: 'POST',
      url: '/api/channels',
      token: who.admin,
      payload:
        type === 'webhook'
          ? { type, name: `hook ${url}`, url, signing_secret: 'signing-secret-0123456789' }
          : { type, name: `slack ${url}`, url },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: number }).id;
    const res = await server.inject({ method: 'POST', url: `/api/channels/${id}/test`, token: who.admin });
    return res.json() as { delivered: boolean; error: string | null };
  };

  it('refuses loopback by address and by a name that resolves to it, with a generic test result', async () => {
    const port = new URL(receiver.origin).port;
    for (const url of [
      `${receiver.origin}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
    ]) {
      const result = await testChannel('webhook', url);
      expect(result, url).toMatchObject({ delivered: false, error: expect.stringMatching(/not delivered/) });
    }
    expect((await testChannel('slack', `http://localhost:${port}/services/x`)).delivered).toBe(false);
    expect(receiver.requests).toHaveLength(0);

    const log = await server.inject({ method: 'GET', url: '/api/notifications?limit=10', token: who.admin });
    expect(log.body).toMatch(/private or reserved address/);
  });

  it('knows the private, loopback, link-local and reserved ranges', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('ALLOW_PRIVATE_WEBHOOKS=true', () => {
  it('lets a channel reach a receiver on this host', async () => {
    const server = await startTestServer('sqlite', { ALLOW_PRIVATE_WEBHOOKS: 'true' });
    const receiver = await startReceiver();
    try {
      const who = await people(server);
      const created = await server.inject({
        method: 'POST',
        url: '/api/channels',
        token: who.admin,
        payload: {
          type: 'webhook',
          name: 'local',
          url: `${receiver.origin}/hook`,
          signing_secret: 'signing-secret-0123456789',
        },
      });
      const id = (created.json() as { id: number }).id;
      const res = await server.inject({ method: 'POST', url: `/api/channels/${id}/test`, token: who.admin });
      expect(res.json()).toMatchObject({ delivered: true, error: null });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
      await server.close();
    }
  });
});
