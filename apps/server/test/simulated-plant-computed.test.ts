import type { ComputedMetric } from '@dtwin/contracts/computed-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './support/server';

describe("the simulated plant's computed metrics", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it(
    'defines each line’s total power and energy per unit of flow, computed from its machines’ readings',
    { timeout: 60_000 },
    async () => {
      server = await startTestServer('sqlite', { SIMULATOR_DEVICES: '8' }, { mqtt: true });
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const metricsOf = async (asset: string) => {
        const res = await server!.inject({
          method: 'GET',
          url: `/api/assets/${asset}/metrics`,
          token: admin,
        });
        expect(res.statusCode).toBe(200);
        return Object.fromEntries((res.json() as { items: ComputedMetric[] }).items.map((m) => [m.name, m]));
      };

      const pumpHouse = await metricsOf('riverside.pump-house');
      expect(Object.keys(pumpHouse).sort()).toEqual(['energy_per_flow', 'total_flow', 'total_power']);
      expect(pumpHouse.energy_per_flow).toMatchObject({
        unit: 'kWh/m³',
        expression: 'total_power / total_flow',
      });
      expect((await metricsOf('riverside')).total_power).toMatchObject({
        unit: 'kW',
        expression: 'sum(children.total_power)',
      });

      // The plant runs on the server's (fake) clock: moving it on lets each asset be evaluated again.
      const computed = async () => {
        server!.clock.advance(6000);
        const m = await metricsOf('riverside.pump-house');
        return m.energy_per_flow?.value ?? null;
      };
      await expect.poll(computed, { timeout: 30_000, interval: 500 }).not.toBeNull();
      const line = await metricsOf('riverside.pump-house');
      expect(line.total_power!.value).toBeGreaterThan(0);
      expect(line.total_flow!.value).toBeGreaterThan(0);
      expect(line.energy_per_flow!.value).toBeCloseTo(line.total_power!.value! / line.total_flow!.value!, 6);
      await expect
        .poll(
          async () => {
            server!.clock.advance(6000);
            return (await metricsOf('riverside')).total_power?.value ?? null;
          },
          { timeout: 20_000, interval: 500 },
        )
        .not.toBeNull();

      // Each pump computes its own specific energy from its power and flow.
      const pumps = await server.inject({
        method: 'GET',
        url: '/api/devices?model=centrifugal_pump',
        token: admin,
      });
      const pumpId = (pumps.json() as { items: Array<{ id: string }> }).items[0]!.id;
      const specificEnergy = async () => {
        server!.clock.advance(6000);
        const res = await server!.inject({
          method: 'GET',
          url: `/api/devices/${pumpId}/metrics`,
          token: admin,
        });
        return (res.json() as { items: ComputedMetric[] }).items.find((m) => m.name === 'specific_energy');
      };
      expect(await specificEnergy()).toMatchObject({ unit: 'kWh/m³', expression: 'power / flow' });
      await expect
        .poll(async () => (await specificEnergy())?.value ?? null, { timeout: 20_000, interval: 500 })
        .toBeGreaterThan(0);
    },
  );
});
