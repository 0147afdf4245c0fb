import type { Connector, ConnectorStatus } from '@dtwin/contracts/connectors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, passwordFor, startTestServer, type TestServer } from './support/server';

const SECRET = 'edge-secret-password-42';

describe.each(dialects)('connectors API on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  const body = {
    id: 'line-1',
    type: 'sparkplug_b',
    config: { broker: 'embedded', group_id: 'plant', username: 'gw', password: SECRET },
    mappings: [
      { device_id: 'PUMP_1', metric: 'flow', source: { edge_node: 'n1', device: 'd1', metric: 'Flow' } },
    ],
  };

  it.skipIf(skip)(
    'stores secrets encrypted, never returns them, keeps them across edits; audited',
    async () => {
      const created = await server.inject({
        method: 'POST',
        url: '/api/connectors',
        token: admin,
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      const { connector } = created.json() as { connector: Connector };
      expect(connector).toMatchObject({
        id: 'line-1',
        type: 'sparkplug_b',
        enabled: true,
        secrets_set: ['password'],
      });
      expect(JSON.stringify(connector)).not.toContain(SECRET);
      const row = await server.container.database.db
        .selectFrom('connectors')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(SECRET);
      expect(row.secret_enc).toMatch(/^gAAAAA/); // a Fernet token

      // A config without the password keeps the stored one; the runtime gets it decrypted.
      const patched = await server.inject({
        method: 'PATCH',
        url: '/api/connectors/line-1',
        token: admin,
        payload: { config: { broker: 'embedded', group_id: 'plant2', username: 'gw' }, enabled: false },
      });
      expect(patched.statusCode).toBe(200);
      expect((patched.json() as { connector: Connector }).connector).toMatchObject({
        enabled: false,
        config: { group_id: 'plant2' },
        secrets_set: ['password'],
      });
      expect((await server.container.connectors.resolved('line-1'))?.config.password).toBe(SECRET);
      const status = await server.inject({
        method: 'GET',
        url: '/api/connectors/line-1/status',
        token: admin,
      });
      expect((status.json() as ConnectorStatus).state).toBe('disabled');

      const lines: Array<{ action: string; detail: string }> = [];
      for (const action of ['connector.create', 'connector.update']) {
        const audit = await server.inject({
          method: 'GET',
          url: `/api/audit?action=${action}`,
          token: admin,
        });
        lines.push(...(audit.json() as { items: Array<{ action: string; detail: string }> }).items);
      }
      expect(lines.map((l) => l.action)).toEqual(['connector.create', 'connector.update']);
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    },
  );

  it.skipIf(skip)('only admins; duplicate ids and unknown types refused', async () => {
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username: 'operator-x', password: passwordFor('operator-x-password'), role: 'operator' },
    });
    const operator = await server.login('operator-x', passwordFor('operator-x-password'));
    for (const [method, url] of [
      ['GET', '/api/connectors'],
      ['POST', '/api/connectors'],
      ['GET', '/api/connectors/line-1/status'],
    ] as const) {
      const res = await server.inject({
        method,
        url,
        token: operator,
        ...(method === 'POST' ? { payload: body } : {}),
      });
      expect(res.statusCode).toBe(403);
    }
    expect(
      (await server.inject({ method: 'POST', url: '/api/connectors', token: admin, payload: body }))
        .statusCode,
    ).toBe(201);
    const again = await server.inject({
      method: 'POST',
      url: '/api/connectors',
      token: admin,
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    const unknown = await server.inject({
      method: 'POST',
      url: '/api/connectors',
      token: admin,
      payload: { ...body, id: 'x', type: 'profibus' },
    });
    expect(unknown.statusCode).toBe(400);
    const weak = await server.inject({
      method: 'POST',
      url: '/api/connectors',
      token: admin,
      payload: { ...body, id: 'y', config: { ...body.config, password: 'short' } },
    });
    expect(weak.statusCode).toBe(400);
  });
});
