import net, { type AddressInfo } from 'node:net';
import { telemetryPayloadSchema } from '@dtwin/contracts/telemetry';
import { Aedes, type AuthenticateError } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinModels } from '../src/modules/models/builtin-models';
import { createDeviceSim } from '../tools/simulator/device-sim';
import { startFleet, type Fleet } from '../tools/simulator/fleet-runner';

interface Seen {
  user: string | undefined;
  topic: string;
  payload: string;
  at: number;
}

/** An embedded broker that authenticates like the server: username = device id, password = token. */
async function startBroker(tokens: Map<string, string>, port = 0) {
  const broker = await Aedes.createBroker();
  const users = new Map<string, string>();
  const seen: Seen[] = [];
  broker.authenticate = (client, username, password, done) => {
    const ok = username !== undefined && tokens.get(username) === password?.toString();
    if (!ok)
      return done(Object.assign(new Error('bad credentials'), { returnCode: 4 }) as AuthenticateError, false);
    users.set(client.id, username);
    done(null, true);
  };
  broker.authorizePublish = (client, packet, done) => {
    const user = client ? users.get(client.id) : undefined;
    const own =
      user !== undefined && packet.topic.startsWith(`devices/${user}/`) && !packet.topic.endsWith('/desired');
    done(client === null || own ? null : new Error('not your topic'));
  };
  broker.on('publish', (packet, client) => {
    if (client) {
      seen.push({
        user: users.get(client.id),
        topic: packet.topic,
        payload: packet.payload.toString(),
        at: Date.now(),
      });
    }
  });
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    broker,
    seen,
    port: (server.address() as AddressInfo).port,
    /** Publishes as the server does: retained, QoS 1. */
    desire(deviceId: string, version: number, desired: Record<string, unknown>) {
      return new Promise<void>((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic: `devices/${deviceId}/desired`,
            payload: Buffer.from(JSON.stringify({ version, desired })),
            qos: 1,
            retain: true,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const telemetryOf = (seen: Seen[], id: string) => seen.filter((s) => s.topic === `devices/${id}/telemetry`);
const reportsOf = (seen: Seen[], id: string) =>
  seen
    .filter((s) => s.topic === `devices/${id}/reported`)
    .map((s) => JSON.parse(s.payload) as Record<string, unknown>);

const devices = [
  { id: 'PUMP_1', model: 'centrifugal_pump', token: 'tok-pump-1' },
  { id: 'MOTOR_1', model: 'electric_motor', token: 'tok-motor-1' },
  { id: 'TEMP_1', model: 'temperature_sensor', token: 'tok-temp-1' },
];
const tokens = new Map(devices.map((d) => [d.id, d.token]));

describe('the simulated fleet over MQTT', () => {
  let fleet: Fleet | undefined;
  let closeBroker: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await fleet?.stop();
    await closeBroker?.();
    fleet = undefined;
    closeBroker = undefined;
  });

  it('connects every device with its own credentials and publishes valid telemetry on its own topics', async () => {
    const b = await startBroker(tokens);
    closeBroker = b.close;
    const impostor = { id: 'ROGUE_1', model: 'pressure_sensor', token: 'wrong' };
    fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${b.port}`,
      devices: [...devices, impostor, { id: 'ODD_1', model: 'flux_capacitor' }],
      seed: 7,
      outages: false,
      speedup: 50, // 5 s → 100 ms
    });
    await until(
      () => devices.every((d) => telemetryOf(b.seen, d.id).length >= 3),
      'three readings from each device',
    );

    for (const d of devices) {
      const metrics = builtinModels
        .find((m) => m.id === d.model)
        ?.metrics.map((m) => m.name)
        .sort();
      for (const message of telemetryOf(b.seen, d.id)) {
        expect(message.user).toBe(d.id);
        const payload = telemetryPayloadSchema.parse(JSON.parse(message.payload));
        expect(payload).toMatchObject({ ts: expect.any(Number) });
        const envelope = payload as { ts: number; metrics: Record<string, unknown> };
        expect(Math.abs(envelope.ts - message.at)).toBeLessThan(2000);
        expect(Object.keys(envelope.metrics).sort()).toEqual(metrics);
        for (const v of Object.values(envelope.metrics)) expect(Number.isFinite(v)).toBe(true);
      }
      // It reports its properties once connected.
      expect(reportsOf(b.seen, d.id)[0]).toMatchObject({ sample_interval_s: 5 });
    }
    expect(b.seen.every((s) => s.user !== undefined && s.topic.startsWith(`devices/${s.user}/`))).toBe(true);
    expect(b.seen.some((s) => s.topic.includes('ROGUE_1'))).toBe(false);
    const stats = fleet.stats();
    expect(stats).toMatchObject({ devices: 4, skipped: 1, connected: 3 });
    expect(stats.connectErrors).toBeGreaterThan(0);
    expect(stats.published).toBeGreaterThanOrEqual(9);
    // The devices do not publish in lockstep: each first reading carries its own time (the
    // device's clock, not the broker's arrival time, which a busy machine can batch together).
    const firsts = devices.map((d) => {
      const first = telemetryOf(b.seen, d.id)[0];
      return first ? (JSON.parse(first.payload) as { ts: number }).ts : 0;
    });
    expect(new Set(firsts).size).toBeGreaterThan(1);
  });

  it('applies a retained desired message, reports the values back and changes its rate', async () => {
    const b = await startBroker(tokens);
    closeBroker = b.close;
    // Waiting for the device before it connects, as the server leaves it.
    await b.desire('MOTOR_1', 4, { sample_interval_s: 2, speed_setpoint_rpm: 99_999, colour: 'red' });
    fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${b.port}`,
      devices,
      seed: 7,
      outages: false,
      speedup: 20, // 5 s → 250 ms, 1 s → 50 ms
    });
    await until(() => reportsOf(b.seen, 'MOTOR_1').length >= 2, 'the motor to report');
    // First what it had, then what it applied: clamped to the property's range, the unknown one left out.
    expect(reportsOf(b.seen, 'MOTOR_1')).toEqual([
      { sample_interval_s: 5, speed_setpoint_rpm: 1480 },
      { sample_interval_s: 2, speed_setpoint_rpm: 1500 },
    ]);

    await until(() => telemetryOf(b.seen, 'PUMP_1').length >= 4, 'pump readings at 5 s');
    const gaps = (id: string, from: number) => {
      const times = telemetryOf(b.seen, id)
        .filter((s) => s.at >= from)
        .map((s) => s.at);
      const diffs = times.slice(1).map((t, i) => t - (times[i] ?? t));
      return diffs.sort((x, y) => x - y)[Math.floor(diffs.length / 2)] ?? NaN;
    };
    const slow = gaps('PUMP_1', 0);
    expect(slow).toBeGreaterThan(180);

    const changedAt = Date.now();
    await b.desire('PUMP_1', 2, { sample_interval_s: 1 });
    await until(
      () => reportsOf(b.seen, 'PUMP_1').some((r) => r.sample_interval_s === 1),
      'the pump to report',
    );
    await until(
      () => telemetryOf(b.seen, 'PUMP_1').filter((s) => s.at > changedAt).length >= 8,
      'fast readings',
    );
    const fast = gaps('PUMP_1', changedAt + 60);
    expect(slow / fast).toBeGreaterThan(3);
    expect(slow / fast).toBeLessThan(8);
    expect(fleet.devices().find((d) => d.id === 'PUMP_1')?.sampleIntervalS).toBe(1);

    // A malformed desired message is ignored without harm.
    await b.desire('TEMP_1', 1, { sample_interval_s: 'often' });
    await until(() => fleet!.stats().desiredApplied >= 3, 'the third desired message');
    expect(reportsOf(b.seen, 'TEMP_1').every((r) => r.sample_interval_s === 5)).toBe(true);
  });

  it('reconnects by itself after the broker restarts, and never crashes while it is down', async () => {
    const first = await startBroker(tokens);
    const port = first.port;
    fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${port}`,
      devices,
      seed: 3,
      outages: false,
      speedup: 20,
    });
    await until(() => devices.every((d) => telemetryOf(first.seen, d.id).length >= 1), 'first readings');
    await first.close();
    await until(() => fleet!.stats().connected === 0, 'devices to notice the broker is gone');
    await new Promise((r) => setTimeout(r, 300)); // a few failed attempts while it is down

    const second = await startBroker(tokens, port);
    closeBroker = second.close;
    await until(
      () => devices.every((d) => telemetryOf(second.seen, d.id).length >= 2),
      'readings after the restart',
    );
    const stats = fleet.stats();
    expect(stats.connected).toBe(3);
    expect(stats.connects).toBeGreaterThanOrEqual(6);
    expect(stats.connectErrors).toBeGreaterThan(0);
    for (const d of devices) expect(reportsOf(second.seen, d.id).length).toBeGreaterThanOrEqual(1);
  });

  it('sends a reading again when the broker dropped the connection instead of acknowledging it', async () => {
    const b = await startBroker(tokens);
    closeBroker = b.close;
    // Like the server when it cannot store a reading: refuse it, which drops the connection.
    let refused: string | undefined;
    const authorize = b.broker.authorizePublish;
    b.broker.authorizePublish = (client, packet, done) => {
      if (refused === undefined && packet.topic === 'devices/TEMP_1/telemetry') {
        refused = packet.payload.toString();
        return done(new Error('storage unavailable'));
      }
      authorize.call(b.broker, client, packet, done);
    };
    fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${b.port}`,
      devices,
      seed: 5,
      outages: false,
      speedup: 20,
    });
    await until(() => refused !== undefined, 'a refused reading');
    await until(
      () => telemetryOf(b.seen, 'TEMP_1').some((s) => s.payload === refused),
      'the same reading again',
    );
    expect(fleet.stats().connects).toBeGreaterThanOrEqual(4);
  });

  it('goes silent during an outage and comes back', async () => {
    const b = await startBroker(tokens);
    closeBroker = b.close;
    // A clock moved by hand.
    let now = Date.UTC(2026, 3, 1);
    fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${b.port}`,
      devices: devices.slice(2),
      seed: 3,
      speedup: 20,
      clock: { now: () => now },
    });
    await until(() => telemetryOf(b.seen, 'TEMP_1').length >= 1, 'a first reading');
    // The same seeded device, to find its next silent period; then move the clock there.
    const probe = createDeviceSim({ id: 'TEMP_1', model: 'temperature_sensor', seed: 3 });
    let t = now;
    while (probe.connectivity(t).online) t += 10_000;
    now = t;
    await until(
      () => fleet!.stats().silent === 1 && fleet!.stats().connected === 0,
      'the device to go silent',
    );
    const during = telemetryOf(b.seen, 'TEMP_1').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(telemetryOf(b.seen, 'TEMP_1').length).toBe(during);
    now = probe.connectivity(t).until ?? t;
    await until(() => telemetryOf(b.seen, 'TEMP_1').length > during, 'readings after the silence', 5000);
    expect(fleet.stats()).toMatchObject({ silent: 0, connected: 1, silences: 1, connects: 2 });
  });
});
