import type { Command, CommandEvent } from '@dtwin/contracts/commands';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people, type People } from './support/alerting';
import { registerDevice } from './support/fleet';
import { connected, openSocket, record, sleep, subscribe, type ClientSocket } from './support/realtime';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

/** Waits for a condition (what a device or the broker does happens on its own schedule). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.each(dialects)('commands to devices on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let pumpToken: string;
  const clients: MqttClient[] = [];
  const sockets: ClientSocket[] = [];

  const connectDevice = async (id: string, token: string) => {
    const client = mqtt.connect(server.mqttUrl!, {
      clientId: `${id}:test-${clients.length}`,
      username: id,
      password: token,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return client;
  };
  /** A device that collects the commands it is sent (after its subscription is granted). */
  const listen = async (client: MqttClient, id: string) => {
    const received: Array<{ topic: string; body: unknown }> = [];
    client.on('message', (topic, payload) =>
      received.push({ topic, body: JSON.parse(payload.toString()) as unknown }),
    );
    const granted = await client.subscribeAsync(`devices/${id}/commands/+`, { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    return received;
  };
  const send = (token: string, deviceId: string, payload: object) =>
    server.inject({ method: 'POST', url: `/api/devices/${deviceId}/commands`, token, payload });
  const get = async (id: string) => {
    const res = await server.inject({ method: 'GET', url: `/api/commands/${id}`, token: who.viewer });
    expect(res.statusCode).toBe(200);
    return (res.json() as { command: Command }).command;
  };
  const statusOf = (id: string, status: Command['status']) =>
    until(`command ${status}`, async () => {
      const command = await get(id);
      return command.status === status ? command : undefined;
    });
  const poll = (deviceId: string, token: string) =>
    server.inject({
      method: 'GET',
      url: `/ingest/devices/${deviceId}/commands`,
      headers: { authorization: `Bearer ${token}` },
    });
  const answer = (deviceId: string, token: string, commandId: string, payload: unknown) =>
    server.inject({
      method: 'POST',
      url: `/ingest/devices/${deviceId}/commands/${commandId}/response`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name, {}, { mqtt: true, realtime: true });
    who = await people(server);
    pumpToken = await registerDevice(server, who.admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (skip) return;
    sockets.splice(0).forEach((s) => s.close());
    for (const c of clients.splice(0)) c.end(true);
    await server.close();
  });

  it.skipIf(skip)('lists the commands a model accepts, with their parameters', async () => {
    const res = await server.inject({
      method: 'GET',
      url: '/api/models/centrifugal_pump',
      token: who.viewer,
    });
    const { model } = res.json() as { model: { commands: Array<{ name: string; params: unknown[] }> } };
    expect(model.commands.map((c) => c.name)).toEqual(['reset_alarm', 'calibrate', 'self_test']);
    expect(model.commands.find((c) => c.name === 'self_test')?.params).toEqual([
      { name: 'level', label: 'Level', type: 'string', enum: ['quick', 'full'], required: false },
    ]);
  });

  it.skipIf(skip)(
    'round trip over MQTT: QoS 1 delivery, the answer, the result, audit and socket events',
    async () => {
      const socket = await connected(openSocket(server.url!, { token: who.viewer }));
      sockets.push(socket);
      expect(await subscribe(socket, { room: 'device:PUMP_1' })).toEqual({ ok: true });
      const events = record(socket);
      const device = await connectDevice('PUMP_1', pumpToken);
      const received = await listen(device, 'PUMP_1');

      const res = await send(who.operator, 'PUMP_1', { name: 'self_test', params: { level: 'full' } });
      expect(res.statusCode).toBe(202);
      const { id, status } = res.json() as { id: string; status: string };
      expect(status).toBe('pending');

      const message = await until('the command on MQTT', async () => received[0]);
      expect(message).toEqual({
        topic: `devices/PUMP_1/commands/${id}`,
        body: { name: 'self_test', params: { level: 'full' } },
      });
      const delivered = await statusOf(id, 'delivered');
      expect(delivered.delivered_at).not.toBeNull();
      expect(delivered.completed_at).toBeNull();

      await device.publishAsync(
        `devices/PUMP_1/commands/${id}/response`,
        JSON.stringify({ status: 'ok', result: { passed: true, checks: { vibration: 'ok' } } }),
        { qos: 1 },
      );
      // The PUBACK comes after the answer is stored.
      const done = await get(id);
      expect(done).toMatchObject({
        status: 'succeeded',
        result: { passed: true, checks: { vibration: 'ok' } },
        created_by: 'operator-1',
      });
      expect(done.completed_at).not.toBeNull();

      const changes = await until('the socket events', async () => {
        const seen = events.of<CommandEvent>('command');
        return seen.some((e) => e.command.status === 'succeeded') ? seen : undefined;
      });
      expect(changes.map((e) => `${e.change}:${e.command.status}`)).toEqual([
        'created:pending',
        'updated:delivered',
        'updated:succeeded',
      ]);

      const list = await server.inject({
        method: 'GET',
        url: '/api/devices/PUMP_1/commands',
        token: who.viewer,
      });
      expect((list.json() as { items: Command[] }).items.map((c) => c.id)).toEqual([id]);
      const audit = await server.inject({ method: 'GET', url: '/api/audit?limit=50', token: who.admin });
      const actions = (audit.json() as { items: Array<{ action: string; actor: string | null }> }).items;
      expect(actions).toContainEqual(
        expect.objectContaining({ action: 'command.send', actor: 'operator-1' }),
      );
      expect(actions).toContainEqual(expect.objectContaining({ action: 'command.result' }));
    },
  );

  it.skipIf(skip)('a command to an offline device waits and is sent when the device connects', async () => {
    const res = await send(who.admin, 'PUMP_1', { name: 'reset_alarm' });
    const { id } = res.json() as { id: string };
    expect((await get(id)).status).toBe('pending');

    const device = await connectDevice('PUMP_1', pumpToken);
    const received = await listen(device, 'PUMP_1');
    const message = await until('the waiting command', async () => received[0]);
    expect(message.topic).toBe(`devices/PUMP_1/commands/${id}`);
    await statusOf(id, 'delivered');
    await device.publishAsync(
      `devices/PUMP_1/commands/${id}/response`,
      JSON.stringify({ status: 'error', message: 'no alarm latched' }),
      { qos: 1 },
    );
    expect(await get(id)).toMatchObject({ status: 'failed', message: 'no alarm latched', result: null });
  });

  it.skipIf(skip)('an undelivered command expires; a delivered one without an answer times out', async () => {
    const first = (await send(who.operator, 'PUMP_1', { name: 'reset_alarm', expires_in_s: 60 })).json() as {
      id: string;
    };
    server.clock.advance(1);
    const second = (
      await send(who.operator, 'PUMP_1', { name: 'self_test', timeout_s: 10, expires_in_s: 3600 })
    ).json() as { id: string };
    server.clock.advance(30_000);
    await server.container.commands.sweep();
    expect((await get(first.id)).status).toBe('pending');

    // An HTTP poll delivers both; the deadline to answer starts then.
    const polled = await poll('PUMP_1', pumpToken);
    expect(polled.statusCode).toBe(200);
    expect((polled.json() as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([
      first.id,
      second.id,
    ]);
    await answer('PUMP_1', pumpToken, first.id, { status: 'ok' });
    server.clock.advance(11_000);
    await server.container.commands.sweep();
    expect(await get(first.id)).toMatchObject({ status: 'succeeded' });
    expect(await get(second.id)).toMatchObject({
      status: 'timed_out',
      message: 'no answer within 10 s of delivery',
    });
    // A late answer changes nothing.
    const late = await answer('PUMP_1', pumpToken, second.id, { status: 'ok' });
    expect(late.statusCode).toBe(409);
    expect((await get(second.id)).status).toBe('timed_out');

    const third = (await send(who.operator, 'PUMP_1', { name: 'reset_alarm', expires_in_s: 10 })).json() as {
      id: string;
    };
    server.clock.advance(10_001);
    await server.container.commands.sweep();
    expect(await get(third.id)).toMatchObject({
      status: 'expired',
      delivered_at: null,
      message: 'the device did not connect before the command expired',
    });

    // Finished commands are kept 90 days, then deleted by the sweep; open ones are not.
    const open = (await send(who.operator, 'PUMP_1', { name: 'reset_alarm', expires_in_s: 3600 })).json() as {
      id: string;
    };
    server.clock.advance(90 * 86_400_000 + 3_600_000);
    await server.container.commands.sweep();
    const admin = await server.login(ADMIN.username, ADMIN.password); // the earlier tokens have expired
    const status = async (id: string) =>
      (await server.inject({ method: 'GET', url: `/api/commands/${id}`, token: admin })).statusCode;
    expect(await status(third.id)).toBe(404);
    expect(await status(first.id)).toBe(404);
    expect(await status(open.id)).toBe(200);
  });

  it.skipIf(skip)(
    'refuses a command to a device read through a connector, which cannot carry it',
    async () => {
      await registerDevice(server, who.admin, { id: 'PLC_PUMP', model: 'centrifugal_pump' });
      const connector = {
        id: 'plc-1',
        type: 'modbus_tcp',
        enabled: false,
        config: { host: '127.0.0.1', port: 5020, unit_id: 1 },
        mappings: [
          {
            device_id: 'PLC_PUMP',
            metric: 'flow',
            source: { register: 'holding', address: 0, type: 'float32', word_order: 'big' },
          },
        ],
      };
      const created = await server.inject({
        method: 'POST',
        url: '/api/connectors',
        token: who.admin,
        payload: connector,
      });
      expect(created.statusCode).toBe(201);
      const refused = await send(who.operator, 'PLC_PUMP', { name: 'self_test' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        error: { message: expect.stringContaining("read through the modbus_tcp connector 'plc-1'") },
      });
      const listed = await server.inject({
        method: 'GET',
        url: '/api/devices/PLC_PUMP/commands',
        token: who.viewer,
      });
      expect(listed.json()).toMatchObject({ items: [] });
      // A device no connector reads still takes it.
      expect((await send(who.operator, 'PUMP_1', { name: 'self_test' })).statusCode).toBe(202);
    },
  );

  it.skipIf(skip)('HTTP devices poll and answer with their own token', async () => {
    const { id } = (
      await send(who.operator, 'PUMP_1', { name: 'calibrate', params: { metric: 'flow' } })
    ).json() as {
      id: string;
    };
    expect((await poll('PUMP_1', 'wrong-token')).statusCode).toBe(401);
    const polled = await poll('PUMP_1', pumpToken);
    expect(polled.json()).toEqual({
      items: [expect.objectContaining({ id, name: 'calibrate', params: { metric: 'flow' }, timeout_s: 30 })],
    });
    expect((await get(id)).status).toBe('delivered');

    expect((await answer('PUMP_1', pumpToken, id, { status: 'maybe' })).statusCode).toBe(400);
    expect((await answer('PUMP_1', pumpToken, id, { status: 'ok', extra: 1 })).statusCode).toBe(400);
    const big = await answer('PUMP_1', pumpToken, id, { status: 'ok', result: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    const other = await registerDevice(server, who.admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
    expect((await answer('PUMP_2', other, id, { status: 'ok' })).statusCode).toBe(404);
    const ok = await answer('PUMP_1', pumpToken, id, { status: 'ok', result: { offset_removed: 0.4 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id, status: 'succeeded' });
    expect(await get(id)).toMatchObject({ status: 'succeeded', result: { offset_removed: 0.4 } });
    expect((await poll('PUMP_1', pumpToken)).json()).toEqual({ items: [] });
  });

  it.skipIf(skip)(
    'refuses unknown commands, bad parameters, bad bounds, other roles and floods',
    async () => {
      const refused = async (payload: object, status = 400, token = who.operator, device = 'PUMP_1') => {
        const res = await send(token, device, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(status);
        return res.json() as { error: { code: string; message: string; fields?: Record<string, string> } };
      };
      expect((await refused({ name: 'explode' })).error.fields).toEqual({
        name: 'is not a command this device accepts',
      });
      expect((await refused({ name: 'self_test', params: { level: 'deep' } })).error.fields).toEqual({
        'params.level': 'must be one of quick, full',
      });
      expect((await refused({ name: 'reset_alarm', params: { force: true } })).error.message).toContain(
        "'reset_alarm' has no parameter 'force'",
      );
      await refused({ name: 'self_test', params: { level: 5 } });
      await refused({ name: 'self_test', timeout_s: 0 });
      await refused({ name: 'self_test', timeout_s: 3601 });
      await refused({ name: 'self_test', expires_in_s: 8 * 86_400 });
      await refused({ name: 'self_test', extra: 1 });
      await refused({ name: 'self_test' }, 403, who.viewer);
      await refused({ name: 'self_test' }, 404, who.operator, 'NO_SUCH');
      // A sensor has no alarm to reset.
      await registerDevice(server, who.admin, { id: 'TEMP_1', model: 'temperature_sensor' });
      await refused({ name: 'reset_alarm' }, 400, who.operator, 'TEMP_1');

      for (let i = 0; i < 20; i++)
        expect((await send(who.operator, 'PUMP_1', { name: 'reset_alarm' })).statusCode).toBe(202);
      const flood = await refused({ name: 'reset_alarm' }, 409);
      expect(flood.error.message).toContain('20 commands waiting');
      const missing = await server.inject({
        method: 'GET',
        url: '/api/commands/00000000-0000-4000-8000-000000000000',
        token: who.viewer,
      });
      expect(missing.statusCode).toBe(404);
      expect(
        (await server.inject({ method: 'GET', url: '/api/commands/not-a-uuid', token: who.viewer }))
          .statusCode,
      ).toBe(400);
    },
  );
});
