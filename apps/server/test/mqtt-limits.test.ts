import net from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { connectPacket } from '../tools/bench/mqtt-wire';
import { registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** The MQTT limits of issue 16, over real sockets against the embedded broker (SQLite). */
describe('MQTT limits of the embedded broker', () => {
  let server: TestServer;
  let admin: string;
  const clients: MqttClient[] = [];
  const sockets: net.Socket[] = [];

  const start = async (env: Record<string, string> = {}) => {
    server = await startTestServer('sqlite', { SIMULATOR_DEVICES: '0', ...env }, { mqtt: true });
    admin = await server.login(ADMIN.username, ADMIN.password);
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end(true);
    for (const s of sockets.splice(0)) s.destroy();
    await server.close();
  });

  const port = () => Number(new URL(server.mqttUrl!).port);
  const connect = async (options: IClientOptions) => {
    const client = mqtt.connect(server.mqttUrl!, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
    clients.push(client);
    client.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed')));
    });
    return client;
  };
  const rawSocket = async () => {
    const socket = net.connect(port(), '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    return socket;
  };
  const closedWithin = (socket: net.Socket, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (socket.destroyed || socket.readableEnded) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  /** Writes `total` bytes in 1 MiB chunks, stopping when the server closes the connection. */
  const stream = async (socket: net.Socket, total: number) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let written = 0;
    while (written < total && !socket.destroyed) {
      const more = socket.write(chunk);
      written += chunk.length;
      if (!more)
        await new Promise<void>((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
    }
    return written;
  };
  const ingestStats = async (deviceId: string) =>
    (await server.inject({ method: 'GET', url: `/api/devices/${deviceId}/ingest`, token: admin })).json() as {
      accepted: number;
      rejected: Record<string, number> | Array<{ reason: string }>;
    };

  it('closes unauthenticated connections announcing a huge PUBLISH at once, without holding the bytes', async () => {
    await start();
    const before = process.memoryUsage();
    // A PUBLISH announcing 250 MiB: type byte and the remaining length as a variable-length integer.
    const announced = 250 * 1024 * 1024;
    const header = Buffer.from([
      0x30,
      (announced & 0x7f) | 0x80,
      ((announced >> 7) & 0x7f) | 0x80,
      ((announced >> 14) & 0x7f) | 0x80,
      (announced >> 21) & 0x7f,
    ]);
    const attackers = await Promise.all([1, 2, 3, 4].map(() => rawSocket()));
    const written = await Promise.all(
      attackers.map(async (socket) => {
        socket.write(header);
        return stream(socket, 48 * 1024 * 1024);
      }),
    );
    for (const socket of attackers) expect(await closedWithin(socket, 2000)).toBe(true);
    // Each connection was cut long before its 48 MiB were through.
    for (const bytes of written) expect(bytes).toBeLessThan(24 * 1024 * 1024);
    const after = process.memoryUsage();
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(
      64 * 1024 * 1024,
    );
  });

  it("refuses a device's oversized message and a message with too many metrics, storing nothing", async () => {
    await start({ MQTT_MAX_PACKET_BYTES: '65536' });
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const device = await connect({ clientId: 'PUMP_1', username: 'PUMP_1', password: token });

    // Within the packet size, but 5,000 metric keys: acknowledged, refused whole as too_large.
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 1]));
    await device.publishAsync('devices/PUMP_1/telemetry', JSON.stringify({ ...keys, flow: 3 }), { qos: 1 });
    let stats = await ingestStats('PUMP_1');
    expect(stats.accepted).toBe(0);
    expect(JSON.stringify(stats.rejected)).toContain('too_large');

    // Over the packet size: the connection is closed and nothing is stored.
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    const big = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`metric_${i}`, 1]));
    device.publish('devices/PUMP_1/telemetry', JSON.stringify({ ...big, flow: 3 }), { qos: 1 });
    await closed;
    stats = await ingestStats('PUMP_1');
    expect(stats.accepted).toBe(0);
  });

  it('closes a connection that does not sign in within the auth timeout', async () => {
    await start({ MQTT_AUTH_TIMEOUT_S: '1' });
    const idle = await rawSocket();
    expect(await closedWithin(idle, 3000)).toBe(true);
  });

  it('bounds unauthenticated connections and failed sign-ins per address', async () => {
    await start({ MQTT_MAX_PENDING_PER_IP: '3', MQTT_MAX_AUTH_FAILURES_PER_IP: '2' });
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const silent = await Promise.all([1, 2, 3].map(() => rawSocket()));
    const fourth = await rawSocket();
    expect(await closedWithin(fourth, 1000)).toBe(true);
    for (const s of silent) expect(s.destroyed).toBe(false);
    for (const s of silent) s.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Signing in frees the place: a device can connect.
    const ok = await connect({ clientId: 'PUMP_1', username: 'PUMP_1', password: token });
    ok.end(true);
    // Two failed sign-ins, then even the right credentials are refused from this address.
    for (let i = 0; i < 2; i++)
      await expect(connect({ clientId: 'PUMP_1', username: 'PUMP_1', password: 'wrong' })).rejects.toThrow();
    await expect(connect({ clientId: 'PUMP_1', username: 'PUMP_1', password: token })).rejects.toThrow();
  });

  it("ties client ids to the device: no device takes over or resumes another's session", async () => {
    await start();
    const victimToken = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const intruderToken = await registerDevice(server, admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
    const victim = await connect({
      clientId: 'PUMP_1',
      username: 'PUMP_1',
      password: victimToken,
      clean: false,
    });
    await victim.subscribeAsync('devices/PUMP_1/desired', { qos: 1 });

    await expect(
      connect({ clientId: 'PUMP_1', username: 'PUMP_2', password: intruderToken, clean: false }),
    ).rejects.toThrow(/Identifier rejected|closed/i);
    await expect(
      connect({ clientId: 'anything', username: 'PUMP_2', password: intruderToken }),
    ).rejects.toThrow(/Identifier rejected|closed/i);
    expect(victim.connected).toBe(true);

    // The device's own ids are fine: its id, its id with a suffix, or none (a clean session).
    const withSuffix = await connect({
      clientId: 'PUMP_2:line-2',
      username: 'PUMP_2',
      password: intruderToken,
    });
    expect(withSuffix.connected).toBe(true);
    const unnamed = await connect({ clientId: '', clean: true, username: 'PUMP_2', password: intruderToken });
    expect(unnamed.connected).toBe(true);
  });

  it('still accepts a raw CONNECT within the limits', async () => {
    await start();
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const socket = await rawSocket();
    const connack = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.write(connectPacket({ clientId: 'PUMP_1', username: 'PUMP_1', password: token }));
    const reply = await connack;
    expect(reply[0]).toBe(0x20);
    expect(reply[3]).toBe(0); // accepted
  });
});
