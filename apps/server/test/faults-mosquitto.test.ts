import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from './support/fleet';
import { privateMosquittoUnavailable, startPrivateMosquitto } from './support/private-mosquitto';
import { ADMIN, startTestServer, type TestServer } from './support/server';

const unavailable = privateMosquittoUnavailable();
if (unavailable) console.warn(`Mosquitto fault suite skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)(
  'an external Mosquitto restarted with its saved sessions under ingest',
  () => {
    let broker: Awaited<ReturnType<typeof startPrivateMosquitto>>;
    let server: TestServer;
    let admin: string;

    beforeAll(async () => {
      broker = await startPrivateMosquitto();
      server = await startTestServer('sqlite', { MQTT_URL: broker.url }, { mqtt: true });
      admin = await server.login(ADMIN.username, ADMIN.password);
      await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    }, 30_000);
    afterAll(async () => {
      await server?.close();
      await broker?.destroy();
    });

    const readyz = async () => {
      const res = await server.inject({ method: 'GET', url: '/readyz' });
      return { status: res.statusCode, body: res.json() as { failing?: string[] } };
    };
    const storedCount = async (from: number, to: number) => {
      const query = new URLSearchParams({
        metric: 'flow',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        step: 'raw',
        limit: '20000',
      });
      const res = await server.inject({
        method: 'GET',
        url: `/api/devices/PUMP_1/telemetry?${query}`,
        token: admin,
      });
      return new Set((res.json() as { points: Array<{ ts: string }> }).points.map((p) => Date.parse(p.ts)));
    };

    it('re-subscribes after the restart, so every reading the broker acknowledged is stored', async () => {
      expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
      // The broker stands for the devices here: it authenticates them, so any client id may publish.
      const device = mqtt.connect(broker.url, {
        clientId: 'PUMP_1-sim',
        clean: false,
        reconnectPeriod: 200,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 600 },
      });
      await new Promise((resolve) => device.once('connect', resolve));
      const base = server.clock.now() - 3_600_000;
      const acked: number[] = [];
      let stop = false;
      let i = 0;
      const publisher = (async () => {
        while (!stop) {
          const ts = base + i++ * 10;
          // Not awaited one by one: a device keeps publishing; mqtt.js resends what is unacknowledged.
          void device
            .publishAsync('devices/PUMP_1/telemetry', JSON.stringify({ ts, metrics: { flow: 1 } }), {
              qos: 1,
            })
            .then(
              () => acked.push(ts),
              () => {},
            );
          await sleep(5);
        }
      })();
      const index = (ts: number) => (ts - base) / 10;
      let stoppedAt = 0;
      let readyAt = 0;
      try {
        await expect
          .poll(async () => (await storedCount(base, base + 1e6)).size, { timeout: 10_000 })
          .toBeGreaterThan(50);
        stoppedAt = i;
        await broker.stop();
        await expect
          .poll(readyz, { timeout: 5000 })
          .toMatchObject({ status: 503, body: { status: 'not_ready' } });
        await sleep(500);
        await broker.start();
        // Ready again only once the shared subscription is back in place.
        await expect.poll(async () => (await readyz()).status, { timeout: 10_000 }).toBe(200);
        readyAt = i;
        await expect.poll(() => i, { timeout: 15_000 }).toBeGreaterThan(readyAt + 300);
      } finally {
        stop = true;
        await publisher;
      }
      await expect.poll(() => acked.length, { timeout: 15_000 }).toBe(i);
      const lost = async () => {
        const stored = await storedCount(base, base + i * 10 + 1);
        return acked.filter((ts) => !stored.has(ts)).map(index);
      };
      // Everything published before the broker stopped or after the server subscribed again is
      // stored. Mosquitto drops what it accepts for a restored shared subscription until the
      // server subscribes again (a broker limitation), so that window is kept to a reconnect.
      await expect
        .poll(async () => (await lost()).filter((n) => n < stoppedAt || n >= readyAt), { timeout: 15_000 })
        .toEqual([]);
      expect(readyAt).toBeGreaterThan(stoppedAt);
      device.end(true);
    }, 90_000);
  },
);
