import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

interface Entry {
  action: string;
  target: string | null;
  detail: string | null;
  ts: string;
}

describe.each(dialects)('audit log bounds on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name, { AUDIT_MAX_ROWS: '1000', AUDIT_RETENTION_DAYS: '30' });
    admin = await server.login(ADMIN.username, ADMIN.password);
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });
  const entries = async (query = '') => {
    const res = await server.inject({ method: 'GET', url: `/api/audit?limit=500${query}`, token: admin });
    return res.json() as { items: Entry[]; total: number };
  };

  it.skipIf(skip)(
    'writes a flood of denied requests as one entry and one count, with paths truncated',
    async () => {
      const long = 'x'.repeat(15_000);
      for (let i = 0; i < 60; i++) {
        const res = await server.inject({ method: 'GET', url: `/api/${long}${i}` });
        expect(res.statusCode).toBe(401);
      }
      let denied = (await entries('&action=request.denied')).items;
      expect(denied).toHaveLength(1);
      expect(denied[0]!.target!.length).toBeLessThanOrEqual(512);

      // When the window has closed, the rest are written as one count with the first and last time.
      server.clock.advance(61_000);
      await server.container.audit.flushDenied();
      denied = (await entries('&action=request.denied')).items;
      expect(denied).toHaveLength(2);
      expect(denied[0]!.detail).toMatch(/^59 more denied requests from this source between /);
    },
  );

  it.skipIf(skip)('deletes entries past the retention age and the oldest past the size cap', async () => {
    const { audit } = server.container;
    await audit.record({ actor: 'old', ip: null, action: 'test.old', outcome: 'success' });
    server.clock.advance(31 * 86_400_000);
    for (let i = 0; i < 1100; i++)
      await audit.record({
        actor: 'new',
        ip: null,
        action: `test.new`,
        target: String(i),
        outcome: 'success',
      });

    await audit.prune();
    admin = await server.login(ADMIN.username, ADMIN.password); // the old token has expired
    expect((await entries('&action=test.old')).total).toBe(0);
    const kept = await entries('&action=test.new');
    expect((await entries()).total).toBeLessThanOrEqual(1001); // the cap, and the sign-in just made
    expect(kept.items[0]!.target).toBe('1099'); // the newest are the ones kept
  });
});
