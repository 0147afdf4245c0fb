import type { Recommendation } from '@dtwin/contracts/recommendations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../src/lib/domain-events';
import { HOUR, MINUTE, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

/** Readings every 10 s over [from, to) of a temperature following `f`, with a little deterministic ripple. */
function temperatures(deviceId: string, from: number, to: number, f: (t: number) => number): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t < to; t += 10_000)
    out.push({ deviceId, metric: 'temperature', ts: t, value: f(t) + 0.2 * Math.sin(t / 70_000) });
  return out;
}

describe.each(dialects)('recommendations on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: () => Promise<string>;
  let operator: () => Promise<string>;
  let viewer: () => Promise<string>;
  let t: number;
  const hot = { from: TUESDAY + 2 * HOUR, to: TUESDAY + 2 * HOUR + 15 * MINUTE };
  const cabinet = (x: number) => (x >= hot.from && x < hot.to ? 66 : 25); // 66 °C: past the 60 °C critical limit

  const advance = async (to: number) => {
    server.clock.set(to);
    await server.container.telemetry.store([
      ...temperatures('CABINET', t, to, cabinet),
      ...temperatures('ROOM', t, to, () => 23),
    ]);
    await server.container.telemetry.flush();
    t = to;
    for (const id of ['CABINET', 'ROOM']) {
      await server.container.predictions.recompute(id);
      await server.container.health.recompute(id);
      await server.container.recommendations.recompute(id);
    }
  };
  const list = async (query = '', token?: string) => {
    const res = await server.inject({
      method: 'GET',
      url: `/api/recommendations${query}`,
      token: token ?? (await admin()),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Recommendation[]; total: number };
  };
  const patch = async (id: number, body: object, token: string) =>
    server.inject({ method: 'PATCH', url: `/api/recommendations/${id}`, token, payload: body });

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    server.clock.set(TUESDAY - HOUR);
    admin = tokens(server, ADMIN.username, ADMIN.password);
    for (const [username, role] of [
      ['op-1', 'operator'],
      ['viewer-1', 'viewer'],
    ] as const) {
      await server.inject({
        method: 'POST',
        url: '/api/users',
        token: await admin(),
        payload: { username, password: passwordFor(`${username}-password`), role },
      });
    }
    operator = tokens(server, 'op-1', passwordFor('op-1-password'));
    viewer = tokens(server, 'viewer-1', passwordFor('viewer-1-password'));
    await registerDevice(server, await admin(), { id: 'CABINET', model: 'temperature_sensor' });
    await registerDevice(server, await admin(), { id: 'ROOM', model: 'temperature_sensor' });
    for (const id of ['CABINET', 'ROOM'])
      await server.container.twin.reportProperties(id, { sample_interval_s: 10 });
    t = TUESDAY;
    await advance(hot.from);
  }, 60_000);
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'opens one emergency for a metric past its critical limit, updates it in place, and none for the healthy device',
    async () => {
      expect((await list()).total).toBe(0);
      await advance(hot.from + 5 * MINUTE);
      const first = await list('?device_id=CABINET');
      expect(first.items.map((r) => [r.key, r.type, r.priority, r.status])).toEqual([
        ['failure:temperature', 'emergency', 'critical', 'open'],
      ]);
      const rec = first.items[0]!;
      expect(rec.action).toMatch(
        /^Act now on what CABINET watches: temperature is 66\.\d °C, past its critical limit of 60\.0 °C/,
      );
      expect(rec.score).toBeCloseTo(
        0.3 * rec.urgency +
          0.25 * rec.impact +
          0.2 * rec.feasibility +
          0.15 * rec.cost_effectiveness +
          0.1 * rec.risk_reduction,
        3,
      );
      expect(rec.evidence[0]).toMatchObject({ source: 'prediction', metric: 'temperature' });

      for (let i = 1; i <= 3; i++) await advance(hot.from + (5 + i) * MINUTE);
      const again = await list();
      expect(again.total).toBe(1);
      expect(again.items[0]?.id).toBe(rec.id);
      expect(Date.parse(again.items[0]?.updated_at ?? '')).toBeGreaterThanOrEqual(Date.parse(rec.updated_at));
      expect((await list('?device_id=ROOM')).total).toBe(0);
      expect((await list('?priority=critical&status=open')).total).toBe(1);
      expect((await list('?priority=low')).total).toBe(0);
    },
  );

  it.skipIf(skip)('closes it automatically ten minutes after the condition cleared', async () => {
    await advance(hot.to);
    const [rec] = (await list()).items;
    expect(rec?.status).toBe('open');
    await advance(hot.to + 5 * MINUTE); // back to 25 °C: seen as absent, but not yet closed
    expect((await list()).items[0]?.status).toBe('open');
    await advance(hot.to + 16 * MINUTE);
    const closed = (await list()).items[0];
    expect(closed).toMatchObject({ id: rec?.id, status: 'done', status_changed_by: 'system' });
    expect(closed?.resolution).toContain('closed automatically');
    expect((await list('?status=open')).total).toBe(0);
  });

  it.skipIf(skip)(
    'moves through acknowledged to done for operators, audited; viewers may only read',
    async () => {
      await advance(hot.from + 5 * MINUTE);
      const [rec] = (await list('', await viewer())).items;
      expect((await patch(rec!.id, { status: 'acknowledged' }, await viewer())).statusCode).toBe(403);
      const ack = await patch(rec!.id, { status: 'acknowledged' }, await operator());
      expect(ack.statusCode, ack.body).toBe(200);
      expect((ack.json() as { recommendation: Recommendation }).recommendation).toMatchObject({
        status: 'acknowledged',
        status_changed_by: 'op-1',
      });
      expect((await patch(rec!.id, { status: 'acknowledged' }, await operator())).statusCode).toBe(409);
      expect((await patch(rec!.id, { status: 'open' }, await operator())).statusCode).toBe(400);
      const done = await patch(
        rec!.id,
        { status: 'done', note: 'replaced the cabinet fan' },
        await operator(),
      );
      expect((done.json() as { recommendation: Recommendation }).recommendation).toMatchObject({
        status: 'done',
        resolution: 'replaced the cabinet fan',
      });
      expect((await patch(rec!.id, { status: 'dismissed' }, await operator())).statusCode).toBe(409);
      expect((await patch(999_999, { status: 'done' }, await operator())).statusCode).toBe(404);

      // Done, the problem still there: the repair gets time to show before a new one opens.
      await advance(hot.from + 10 * MINUTE);
      expect((await list('?status=open')).total).toBe(0);

      const audit = await server.inject({
        method: 'GET',
        url: '/api/audit?action=recommendation.status',
        token: await admin(),
      });
      const entries = (audit.json() as { items: Array<{ actor: string; detail: string }> }).items;
      expect(entries.map((e) => [e.actor, e.detail])).toEqual([
        ['op-1', 'acknowledged → done: replaced the cabinet fan'],
        ['op-1', 'open → acknowledged'],
      ]);
    },
  );

  it.skipIf(skip)('respects a dismissal while the problem lasts', async () => {
    await advance(hot.from + 5 * MINUTE);
    const [rec] = (await list()).items;
    expect((await patch(rec!.id, { status: 'dismissed' }, await operator())).statusCode).toBe(200);
    await advance(hot.from + 10 * MINUTE);
    const all = await list();
    expect(all.total).toBe(1);
    expect(all.items[0]).toMatchObject({ id: rec?.id, status: 'dismissed' });
  });

  it.skipIf(skip)('validates its input', async () => {
    expect(
      (await server.inject({ method: 'GET', url: '/api/recommendations?status=nope', token: await admin() }))
        .statusCode,
    ).toBe(400);
    expect(
      (await server.inject({ method: 'GET', url: '/api/recommendations?limit=0', token: await admin() }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await server.inject({
          method: 'PATCH',
          url: '/api/recommendations/abc',
          token: await operator(),
          payload: { status: 'done' },
        })
      ).statusCode,
    ).toBe(400);
    expect((await server.inject({ method: 'GET', url: '/api/recommendations' })).statusCode).toBe(401);
  });
});
