import type { Connector, ConnectorStatus } from '@dtwin/contracts/connectors';
import type { Twin } from '@dtwin/contracts/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './support/server';
import { waitFor } from './support/wait';

describe('the simulated plant on Modbus TCP and Sparkplug B', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer(
      'sqlite',
      { SIMULATOR_DEVICES: '0', SIMULATOR_PROTOCOLS: 'true' },
      { mqtt: true },
    );
    admin = await server.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await server.close();
  });

  const connectors = async () =>
    (
      (await server.inject({ method: 'GET', url: '/api/connectors', token: admin })).json() as {
        items: Array<Connector & { status: ConnectorStatus }>;
      }
    ).items;
  const twin = async (id: string) =>
    (await server.inject({ method: 'GET', url: `/api/devices/${id}/twin`, token: admin })).json() as Twin;

  it('comes with its connectors connected and its machines reporting', async () => {
    await waitFor(async () => {
      const items = await connectors();
      return (
        items.length === 2 && items.every((c) => c.status.state === 'connected' && c.status.readings > 0)
      );
    }, 10_000);
    expect((await connectors()).map((c) => c.id)).toEqual(['sim-modbus', 'sim-sparkplug']);
    expect(Object.keys((await twin('PLC_PUMP_1')).reported.metrics)).toContain('flow');
    expect(Object.keys((await twin('SPB_MOTOR_1')).reported.metrics)).toContain('winding_temperature');
  });
});
