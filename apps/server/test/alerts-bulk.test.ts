import type { Alert, AlertComment, BulkAlertResult } from '@dtwin/contracts/alerts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertsOf, createRule, people, send, type People } from './support/alerting';
import { registerDevice } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('alerts at scale on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let base: number;
  const bulk = (payload: object, token = who.operator) =>
    server.inject({ method: 'POST', url: '/api/alerts/bulk', token, payload });

  /** Three sensors, each with an active "Warm" alert. */
  async function threeAlerts(): Promise<Alert[]> {
    await createRule(server, who.admin, {
      name: 'Warm',
      metric: 'temperature',
      operator: '>',
      threshold: 50,
      duration_s: 0,
      severity: 'warning',
      scope: { model: 'temperature_sensor' },
    });
    const alerts: Alert[] = [];
    for (const id of ['T_1', 'T_2', 'T_3']) {
      const token = await registerDevice(server, who.admin, { id, model: 'temperature_sensor' });
      await send(server, { id, token }, 'temperature', base, [[0, 55]]);
      alerts.push(...(await alertsOf(server, who.viewer, id)).filter((a) => a.rule_name === 'Warm'));
    }
    expect(alerts).toHaveLength(3);
    return alerts;
  }

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    who = await people(server);
    base = server.clock.now() - 3_600_000;
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'acknowledges, shelves and resolves many alerts in one request, reporting each',
    async () => {
      const [a, b, c] = await threeAlerts();
      expect((await bulk({ ids: [a!.id, b!.id], action: 'acknowledge' }, who.viewer)).statusCode).toBe(403);

      const acked = await bulk({ ids: [a!.id, b!.id], action: 'acknowledge' });
      expect(acked.statusCode).toBe(200);
      const ackResults = (acked.json() as BulkAlertResult).results;
      expect(ackResults.map((r) => [r.id, r.ok, r.alert?.state, r.alert?.acknowledged_by])).toEqual([
        [a!.id, true, 'acknowledged', 'operator-1'],
        [b!.id, true, 'acknowledged', 'operator-1'],
      ]);

      const shelved = await bulk({
        ids: [c!.id],
        action: 'shelve',
        shelve: { duration_s: 3600, reason: 'sensor being replaced' },
      });
      expect((shelved.json() as BulkAlertResult).results[0]?.alert?.state).toBe('shelved');

      const resolved = await bulk({ ids: [a!.id, b!.id, 999_999], action: 'resolve' });
      const results = (resolved.json() as BulkAlertResult).results;
      expect(results.map((r) => [r.id, r.ok, r.alert?.state])).toEqual([
        [a!.id, true, 'resolved'],
        [b!.id, true, 'resolved'],
        [999_999, false, undefined],
      ]);
      expect(results[2]?.error).toContain('no alert');

      const again = (await bulk({ ids: [a!.id], action: 'resolve' })).json() as BulkAlertResult;
      expect(again.results[0]).toMatchObject({ ok: false });
    },
  );

  it.skipIf(skip)('refuses an empty, oversized or incomplete bulk request with a clear 400', async () => {
    for (const payload of [
      { ids: [], action: 'acknowledge' },
      { ids: Array.from({ length: 201 }, (_, i) => i + 1), action: 'acknowledge' },
      { ids: [1], action: 'shelve' },
      { ids: [1], action: 'delete' },
    ]) {
      const res = await bulk(payload);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });

  it.skipIf(skip)('keeps the comments people write on an alert, oldest first', async () => {
    const [a] = await threeAlerts();
    const url = `/api/alerts/${a!.id}/comments`;
    const post = (body: string, token = who.operator) =>
      server.inject({ method: 'POST', url, token, payload: { body } });
    expect((await post('called the fitter')).statusCode).toBe(201);
    server.clock.advance(60_000);
    expect((await post('fitter on site', who.admin)).statusCode).toBe(201);
    expect((await post('viewers only read', who.viewer)).statusCode).toBe(403);
    expect((await post('   ')).statusCode).toBe(400);
    expect((await post('x'.repeat(2001))).statusCode).toBe(400);

    const list = await server.inject({ method: 'GET', url, token: who.viewer });
    const items = (list.json() as { items: AlertComment[] }).items;
    expect(items.map((c) => [c.author, c.body])).toEqual([
      ['operator-1', 'called the fitter'],
      ['admin', 'fitter on site'],
    ]);
    const missing = await server.inject({
      method: 'GET',
      url: '/api/alerts/999999/comments',
      token: who.viewer,
    });
    expect(missing.statusCode).toBe(404);
  });
});
