import { socketErrorDataSchema } from '@dtwin/contracts/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../src/crypto/jwt';
import { createUsersRepository } from '../src/modules/users/users.repository';
import { postTelemetry, registerDevice } from './support/fleet';
import {
  connected,
  disconnection,
  openSocket,
  refused,
  sleep,
  subscribe,
  type Transport,
} from './support/realtime';
import { ADMIN, startTestServer, type TestServer, passwordFor } from './support/server';

const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
const DASHBOARD = 'https://dashboard.example';
const transports: Transport[] = ['polling', 'websocket'];

describe('realtime handshake: token, origin, revocation', () => {
  let server: TestServer;
  let url: string;
  let admin: string;
  let deviceToken: string;

  const token = (
    options: { subject?: string; issuedAgoS?: number; expiresInS?: number; secret?: string } = {},
  ) =>
    signAccessToken({
      secret: options.secret ?? JWT_SECRET,
      subject: options.subject ?? ADMIN.username,
      now: Math.floor(server.clock.now() / 1000) - (options.issuedAgoS ?? 0),
      expiresInS: options.expiresInS ?? 3600,
    }).token;
  const createUser = async (username: string) => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username, password: passwordFor(`${username}-password-1234`), role: 'viewer' },
    });
    expect(res.statusCode).toBe(201);
    return (res.json() as { user: { id: number } }).user.id;
  };

  beforeAll(async () => {
    // The periodic check stays out of the way (60 s): revocations here must arrive as events.
    server = await startTestServer('sqlite', { CORS_ALLOWED_ORIGINS: DASHBOARD }, { realtime: true });
    url = server.url!;
    admin = await server.login(ADMIN.username, ADMIN.password);
    deviceToken = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a handshake without a token, or with a forged, expired or revoked one', async () => {
    const revoked = await server.login(ADMIN.username, ADMIN.password);
    expect((await server.inject({ method: 'POST', url: '/api/logout', token: revoked })).statusCode).toBe(
      200,
    );

    const cases: Array<[string, string | undefined, RegExp]> = [
      ['missing', undefined, /authentication required/],
      ['empty', '', /authentication required/],
      ['garbage', 'not-a-jwt', /invalid or expired token/],
      ['forged', token({ secret: 'another-secret-0123456789abcdef0123456789' }), /invalid or expired token/],
      ['expired', token({ issuedAgoS: 120, expiresInS: 60 }), /invalid or expired token/],
      ['revoked', revoked, /invalid or expired token/],
      ['unknown user', token({ subject: 'nobody' }), /invalid or expired token/],
    ];
    for (const [name, value, message] of cases) {
      const err = await refused(openSocket(url, { token: value }));
      expect(err.message, name).toMatch(message);
      expect(socketErrorDataSchema.parse(err.data), name).toEqual({ code: 'unauthorized' });
    }
  });

  it('sends a refused handshake nothing but the refusal, and ignores what it sends meanwhile', async () => {
    // The Engine.IO / Socket.IO wire protocol by hand: 40 = connect, 42 = event, 44 = connect error.
    const session = async (auth: string, extra: string[] = []) => {
      const open = await (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).text();
      const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      const endpoint = `${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
      const body = [`40${auth}`, ...extra].join('\x1e');
      expect((await fetch(endpoint, { method: 'POST', body })).status).toBe(200);
      return (await (await fetch(endpoint)).text()).split('\x1e');
    };
    for (let i = 0; i < 3; i++) await postTelemetry(server, 'PUMP_1', deviceToken, { flow: i });

    const refusedPackets = await session(JSON.stringify({ token: 'forged' }));
    expect(refusedPackets).toHaveLength(1);
    expect(refusedPackets[0]).toMatch(/^44\{"message":"invalid or expired token"/);
    // A client that subscribes without waiting for the connection gets nothing either.
    const eager = await session('{}', ['420["subscribe",{"room":"fleet"}]']);
    expect(eager.filter((p) => /^4[023]/.test(p))).toEqual([]);

    const accepted = await session(JSON.stringify({ token: admin }));
    expect(accepted[0]).toMatch(/^40\{"sid":/);
  });

  it.each(transports)('refuses a forged Origin over %s, even with a valid token', async (transport) => {
    const err = await refused(openSocket(url, { token: admin, origin: 'https://evil.example', transport }));
    expect(err.message).toMatch(/poll error|websocket error/);

    for (const origin of [`${DASHBOARD}.evil.example`, 'null', 'http://dashboard.example']) {
      await refused(openSocket(url, { token: admin, origin, transport }));
    }
  });

  it('answers a forged-origin polling handshake with 403 before any session exists', async () => {
    const handshake = (origin?: string) =>
      fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} });
    expect((await handshake('https://evil.example')).status).toBe(403);
    expect((await handshake(DASHBOARD)).status).toBe(200);
    expect((await handshake()).status).toBe(200);
  });

  it.each(transports)(
    'accepts a listed origin, the server’s own origin and no origin over %s',
    async (transport) => {
      for (const origin of [DASHBOARD, url, undefined]) {
        const socket = await connected(
          openSocket(url, { token: admin, transport, ...(origin ? { origin } : {}) }),
        );
        expect(await subscribe(socket, { room: 'fleet' })).toEqual({ ok: true });
        socket.close();
      }
      // No origin is allowed, but never without a token.
      await refused(openSocket(url, { transport }));
    },
  );

  it('disconnects the sockets of a token when it logs out, and only those', async () => {
    const leaving = await server.login(ADMIN.username, ADMIN.password);
    const staying = await server.login(ADMIN.username, ADMIN.password);
    const [a, b, other] = await Promise.all([
      connected(openSocket(url, { token: leaving, transport: 'polling' })),
      connected(openSocket(url, { token: leaving })),
      connected(openSocket(url, { token: staying })),
    ]);
    const gone = Promise.all([disconnection(a), disconnection(b)]);
    expect((await server.inject({ method: 'POST', url: '/api/logout', token: leaving })).statusCode).toBe(
      200,
    );
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    await sleep(200);
    expect(other.connected).toBe(true);
    expect(await subscribe(other, { room: 'fleet' })).toEqual({ ok: true });
    other.close();
  });

  it('disconnects every socket of a user whose password changes or who is disabled; a viewer may subscribe', async () => {
    const id = await createUser('vera');
    const first = await server.login('vera', passwordFor('vera-password-1234'));
    const second = await server.login('vera', passwordFor('vera-password-1234'));
    const sockets = await Promise.all([first, second].map((t) => connected(openSocket(url, { token: t }))));
    expect(await subscribe(sockets[0]!, { room: 'device:PUMP_1' })).toEqual({ ok: true });
    const gone = Promise.all(sockets.map((s) => disconnection(s)));
    const res = await server.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      token: admin,
      payload: { password: passwordFor('a-brand-new-password-5678') },
    });
    expect(res.statusCode).toBe(200);
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    await refused(openSocket(url, { token: first }));

    const again = await connected(
      openSocket(url, { token: await server.login('vera', passwordFor('a-brand-new-password-5678')) }),
    );
    const disabled = disconnection(again);
    await server.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      token: admin,
      payload: { disabled: true },
    });
    expect(await disabled).toBe('io server disconnect');
  });

  it('disconnects a socket when its token expires', async () => {
    const socket = await connected(openSocket(url, { token: token({ expiresInS: 2 }) }));
    const started = Date.now();
    expect(await disconnection(socket, 5000)).toBe('io server disconnect');
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it('finds a revocation no event announced (another process disabled the user) within the check interval', async () => {
    const checking = await startTestServer('sqlite', {}, { realtime: { revalidateIntervalMs: 300 } });
    try {
      const adminToken = await checking.login(ADMIN.username, ADMIN.password);
      const res = await checking.inject({
        method: 'POST',
        url: '/api/users',
        token: adminToken,
        payload: { username: 'otto', password: passwordFor('otto-password-1234'), role: 'operator' },
      });
      const { id } = (res.json() as { user: { id: number } }).user;
      const otto = await connected(
        openSocket(checking.url!, { token: await checking.login('otto', passwordFor('otto-password-1234')) }),
      );
      const bystander = await connected(openSocket(checking.url!, { token: adminToken }));
      const gone = disconnection(otto, 3000);
      // Straight to the database, as `dtwin user disable` run in another process would.
      await createUsersRepository(checking.container.database.db).update(id, { disabled: 1 });
      expect(await gone).toBe('io server disconnect');
      expect(bystander.connected).toBe(true);
      bystander.close();
    } finally {
      await checking.close();
    }
  });
});
