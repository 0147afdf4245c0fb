import type { DeviceEvent } from '@dtwin/contracts/device-events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('the maintenance log on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  const users: Record<string, string> = {};

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    for (const role of ['operator', 'viewer']) {
      await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: `${role}-1`, password: `${role}-password-long`, role },
      });
      users[role] = await server.login(`${role}-1`, `${role}-password-long`);
    }
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  const post = (token: string, payload: unknown, id = 'PUMP_1') =>
    server.inject({ method: 'POST', url: `/api/devices/${id}/events`, token, payload: payload as object });

  it.skipIf(skip)(
    'operators record failures and repairs; the log lists them newest first; audited',
    async () => {
      const t0 = server.clock.now() - 3600_000;
      const failure = await post(users.operator!, {
        type: 'failure',
        ts: new Date(t0).toISOString(),
        failure_mode: 'bearing wear',
        notes: 'Loud noise, seized at 14:02',
      });
      expect(failure.statusCode).toBe(201);
      const repair = await post(admin, { type: 'repair', ts: new Date(t0 + 600_000).toISOString() });
      expect(repair.statusCode).toBe(201);

      const res = await server.inject({
        method: 'GET',
        url: '/api/devices/PUMP_1/events',
        token: users.viewer,
      });
      expect(res.statusCode).toBe(200);
      const { items } = res.json() as { items: DeviceEvent[] };
      expect(items.map((e) => [e.type, e.created_by])).toEqual([
        ['repair', 'admin'],
        ['failure', 'operator-1'],
      ]);
      expect(items[1]).toMatchObject({ failure_mode: 'bearing wear', notes: 'Loud noise, seized at 14:02' });
      expect(items[1]!.ts).toBe(new Date(t0).toISOString());

      const failuresOnly = await server.inject({
        method: 'GET',
        url: '/api/devices/PUMP_1/events?type=failure',
        token: admin,
      });
      expect((failuresOnly.json() as { items: DeviceEvent[] }).items).toHaveLength(1);

      const audit = await server.inject({
        method: 'GET',
        url: '/api/audit?action=device.event',
        token: admin,
      });
      const lines = (audit.json() as { items: { actor: string; target: string; detail: string }[] }).items;
      expect(lines.map((l) => `${l.actor}:${l.target}`).sort()).toEqual([
        'admin:PUMP_1',
        'operator-1:PUMP_1',
      ]);
      expect(lines.some((l) => l.detail.includes('failure') && l.detail.includes('bearing wear'))).toBe(true);
    },
  );

  it.skipIf(skip)(
    'viewers cannot write; bad events are refused with a clear 400 and nothing stored',
    async () => {
      const now = new Date(server.clock.now()).toISOString();
      expect((await post(users.viewer!, { type: 'failure', ts: now })).statusCode).toBe(403);
      const bad = [
        { type: 'explosion', ts: now },
        { type: 'failure' },
        { type: 'failure', ts: 'yesterday' },
        { type: 'failure', ts: new Date(server.clock.now() + 86_400_000).toISOString() },
        { type: 'failure', ts: now, notes: 'x'.repeat(2001) },
        { type: 'failure', ts: now, failure_mode: 'a'.repeat(65) },
        { type: 'repair', ts: now, failure_mode: 'bearing' },
        { type: 'failure', ts: now, extra: 1 },
      ];
      for (const payload of bad) {
        const res = await post(admin, payload);
        expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
        expect((res.json() as { error: { code: string } }).error.code).toMatch(
          /validation_failed|bad_request/,
        );
      }
      expect((await post(admin, { type: 'failure', ts: now }, 'NO_SUCH')).statusCode).toBe(404);
      const res = await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/events', token: admin });
      expect((res.json() as { items: unknown[] }).items).toEqual([]);
    },
  );
});
