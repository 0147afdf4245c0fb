import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Keyring } from '../src/crypto/fernet';
import { openFlaskSources } from '../tools/flask-import/flask-source.repository';
import { decryptFernetStored } from '../tools/flask-import/flask-storage';
import { readImportTarget } from '../tools/flask-import/import-target';
import { applyFlaskImport, planFlaskImport } from '../tools/flask-import/import-flask.service';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';
import { buildDataDb, buildUsersDb, flaskUsers, refusedUsers, storage } from './import-flask-fixture';

const keyring = Keyring.parse(storage.meta.fernet_key_used);
const decrypt = (stored: string) => decryptFernetStored(keyring, stored);

describe.each(dialects)('importing the original system on $name', ({ name, skip }) => {
  let server: TestServer;
  let dir: string;
  afterEach(async () => {
    if (skip) return;
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function prepare(options: { includeAdmin?: boolean } = {}) {
    server = await startTestServer(name);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-flask-'));
    buildUsersDb(path.join(dir, 'users.db'), options);
    const data = buildDataDb(path.join(dir, 'secure_database.db'));
    const sources = openFlaskSources({
      usersDb: path.join(dir, 'users.db'),
      dataDb: path.join(dir, 'secure_database.db'),
    });
    const plan = await planFlaskImport({
      sources,
      decrypt,
      target: await readImportTarget(server.container.database),
      defaultRole: 'viewer',
      now: server.clock.now(),
    });
    sources.close();
    const apply = (afterStep?: (step: string) => void) =>
      applyFlaskImport(plan, {
        database: server.container.database,
        encrypt: (t) => server.container.keyring.encrypt(t),
        now: server.clock.now(),
        ...(afterStep ? { afterStep } : {}),
      });
    return { plan, data, apply };
  }

  const userRows = () =>
    server.container.database.db
      .selectFrom('users')
      .select(['username', 'password_hash', 'role'])
      .orderBy('username')
      .execute();

  it.skipIf(skip)(
    'imports users, who then sign in with their old passwords (and get their hashes upgraded)',
    async () => {
      const { plan, apply } = await prepare({ includeAdmin: true });
      expect(plan.users.create.map((u) => [u.username, u.role])).toEqual([
        ['alice', 'operator'],
        ['bob', 'admin'],
        ['carol', 'viewer'],
        ['dora', 'viewer'],
      ]);
      expect(plan.users.ignoredColumns).toEqual(['last_login']);
      expect(plan.users.skipped).toEqual(
        expect.arrayContaining([
          { username: 'mallory', reason: expect.stringMatching(refusedUsers[0]!.reason) },
          { username: 'bad name!', reason: expect.stringMatching(refusedUsers[1]!.reason) },
          { username: 'admin', reason: expect.stringMatching(/exists on this server/) },
        ]),
      );

      expect(await apply()).toMatchObject({ users: 4 });
      for (const u of flaskUsers) {
        const stored = (await userRows()).find((r) => r.username === u.username)!;
        expect(stored.password_hash).toBe(u.hash); // kept as the original wrote it
        const wrong = await server.inject({
          method: 'POST',
          url: '/api/login',
          payload: { username: u.username, password: `${u.password}!` },
        });
        expect(wrong.statusCode).toBe(401);
        await server.login(u.username, u.password);
        const upgraded = (await userRows()).find((r) => r.username === u.username)!;
        expect(upgraded.password_hash).toMatch(/^scrypt:32768:8:1\$/);
      }
      // E-mail addresses are encrypted with this server's key, and shown to admins as they were.
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const list = (
        await server.inject({ method: 'GET', url: '/api/users?q=alice', token: admin })
      ).json() as {
        items: Array<{ email: string | null; role: string }>;
      };
      expect(list.items[0]).toMatchObject({ email: 'alice@plant.example', role: 'operator' });
      const raw = await server.container.database.db
        .selectFrom('users')
        .select('email_enc')
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow();
      expect(raw.email_enc).not.toContain('alice');
    },
  );

  it.skipIf(skip)(
    'imports devices and health records whose integrity holds; the rest is skipped and reported',
    async () => {
      const { plan, data, apply } = await prepare();
      expect(plan.telemetry.devices.create).toEqual([
        expect.objectContaining({
          id: 'DEV-001',
          model: 'temperature_sensor',
          name: 'Boiler room thermometer',
          zone: 'Boiler room',
        }),
      ]);
      expect(plan.telemetry.devices.skipped).toEqual([
        { id: 'DEV-002', reason: "no device model matches its type 'flux'" },
      ]);
      expect(plan.telemetry.devices.configs).toEqual({ readable: 1, unreadable: 0 });

      const r = plan.telemetry.readings;
      expect(r.records).toBe(data.records);
      const reasons = (reason: string) => r.skipped.filter((s) => s.reason === reason).map((s) => s.id);
      expect(reasons('integrity')).toEqual(['9', '18']); // the unsorted JSON text, and the altered hash
      expect(reasons('undecryptable')).toEqual(['19']);
      expect(r.imported + r.skipped.length).toBe(data.records);
      expect(r.points).toEqual([
        { deviceId: 'DEV-001', metric: 'temperature', ts: Date.UTC(2025, 2, 1, 10, 0, 0, 123), value: 23.5 },
      ]);
      expect(r.unknownFields).toMatchObject({ humidity: 1, z: 1, a: 2, m: 1, v: 2, big: 1 });

      expect(await apply()).toEqual({ users: 4, devices: 1, readings: 1, duplicates: 0 });
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const device = await server.inject({ method: 'GET', url: '/api/devices/DEV-001', token: admin });
      expect(device.json()).toMatchObject({ device: { id: 'DEV-001', model: 'temperature_sensor' } });
      const history = await server.inject({
        method: 'GET',
        url: `/api/devices/DEV-001/telemetry?metric=temperature&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z&step=1h`,
        token: admin,
      });
      expect((history.json() as { points: unknown[] }).points).toEqual([
        expect.objectContaining({ mean: 23.5, count: 1 }),
      ]);
    },
  );

  it.skipIf(skip)('imports nothing when something fails half-way', async () => {
    const { apply } = await prepare();
    const before = await userRows();
    await expect(
      apply((step) => {
        if (step === 'devices') throw new Error('the disk filled up');
      }),
    ).rejects.toThrow('the disk filled up');
    expect(await userRows()).toEqual(before);
    const { db } = server.container.database;
    expect(await db.selectFrom('devices').select('id').where('id', '=', 'DEV-001').execute()).toEqual([]);
    expect(await db.selectFrom('readings').select('ts').execute()).toEqual([]);
    // And a second attempt goes through.
    expect(await apply()).toMatchObject({ users: 4, devices: 1, readings: 1 });
  });
});
