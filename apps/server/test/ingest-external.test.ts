import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createContainer, type Container } from '../src/container';
import { openPostgres, openSqlite, type Database } from '../src/db/database';
import { fakeClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/logger';
import { startRuntime, type Runtime } from '../src/runtime';
import { postgresUrl } from './support/server';

/** An external broker to test against; .ci/run points it at the machine's Mosquitto. */
const brokerUrl = process.env.TEST_MQTT_URL;
if (!brokerUrl)
  console.warn('TEST_MQTT_URL is not set: the external-broker (shared subscription) suite is skipped');

describe.skipIf(!brokerUrl)('two servers sharing one stream from an external broker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-ext-'));
  const run = crypto.randomBytes(4).toString('hex');
  const deviceId = `EXT_${run}`;
  const servers: Array<{ container: Container; runtime: Runtime; clientId: string; database: Database }> = [];
  let schema: string | undefined;

  const openShared = (): Database => {
    if (!postgresUrl) return openSqlite(path.join(dir, 'shared.sqlite'));
    return openPostgres(postgresUrl, { searchPath: schema!, max: 4 });
  };

  beforeAll(async () => {
    if (postgresUrl) {
      schema = `t_${run}`;
      const pg = openPostgres(postgresUrl, { max: 1 });
      await pg.db.schema.createSchema(schema).execute();
      await pg.close();
    }
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dir,
      ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
      JWT_SECRET_KEY: 'x'.repeat(40),
      SECRET_KEY: 'y'.repeat(40),
      MQTT_URL: brokerUrl!,
      // Its own group: other suites' servers on the same broker must not take its messages.
      MQTT_SHARED_GROUP: `test-${crypto.randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
    };
    for (const n of [1, 2]) {
      const config = parseConfig(env);
      const database = openShared();
      const container = await createContainer({
        config,
        logger: createLogger({ level: 'silent' }),
        clock: fakeClock(Date.now()),
        database,
      });
      const clientId = `dtwin-test-${run}-${n}`;
      servers.push({ container, runtime: await startRuntime(container, { clientId }), clientId, database });
    }
    await servers[0]!.container.devices.create(
      { id: deviceId, name: 'External pump', model: 'centrifugal_pump' },
      { username: 'test', ip: null },
    );
  });

  afterAll(async () => {
    for (const s of servers) {
      await s.runtime.stop();
      await s.container.close();
      // Drop the persistent session the server kept on the broker.
      const cleaner = await mqtt.connectAsync(brokerUrl!, {
        clientId: s.clientId,
        clean: true,
        reconnectPeriod: 0,
      });
      await cleaner.endAsync();
    }
    if (schema) {
      const pg = openPostgres(postgresUrl!, { max: 1 });
      await pg.db.schema.dropSchema(schema).cascade().execute();
      await pg.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores each reading once, split between the servers', async () => {
    const device = await mqtt.connectAsync(brokerUrl!, { clientId: `device-${run}`, reconnectPeriod: 0 });
    const base = Date.now() - 10_000;
    for (let i = 0; i < 40; i++) {
      await device.publishAsync(
        `devices/${deviceId}/telemetry`,
        JSON.stringify({ ts: base + i, metrics: { flow: i } }),
        { qos: 1 },
      );
    }
    await device.endAsync();

    const accepted = () => servers.map((s) => s.container.ingestStats.device(deviceId).accepted);
    await expect.poll(() => accepted().reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBe(40);
    expect(accepted().every((n) => n > 0)).toBe(true);

    const series = await servers[1]!.container.telemetry.history(
      deviceId,
      { name: 'flow', unit: 'm³/h' },
      {
        metric: 'flow',
        from: new Date(base - 1).toISOString(),
        to: new Date(base + 100).toISOString(),
        step: 'raw',
        limit: 5000,
      },
    );
    expect(series.points.map((p) => p.value)).toEqual([...Array(40).keys()]);
  });

  it('delivers desired state through the external broker, retained', async () => {
    await servers[1]!.container.twin.patchDesired(deviceId, { sample_interval_s: 3 }, undefined, {
      username: 'test',
      ip: null,
    });
    const device = await mqtt.connectAsync(brokerUrl!, { clientId: `device-${run}-2`, reconnectPeriod: 0 });
    const messages: string[] = [];
    device.on('message', (_topic, payload) => messages.push(payload.toString()));
    await device.subscribeAsync(`devices/${deviceId}/desired`, { qos: 1 });
    await expect.poll(() => messages.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(JSON.parse(messages.at(-1)!)).toEqual({ version: 1, desired: { sample_interval_s: 3 } });
    // Clear the retained message so the broker keeps nothing from this test.
    await device.publishAsync(`devices/${deviceId}/desired`, '', { qos: 1, retain: true });
    await device.endAsync();
  });
});
