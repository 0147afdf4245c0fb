import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connected, openSocket, sleep, type ClientSocket } from './support/realtime';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** The TCP socket under a socket.io-client WebSocket (Node's `ws` client). */
const tcpOf = (socket: ClientSocket) =>
  (socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;

describe('a socket that does not read what it is sent', () => {
  let server: TestServer;
  let admin: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer(
      'sqlite',
      {},
      { realtime: { maxOutgoingBytes: 512 * 1024, maxOutgoingMessages: 200 } },
    );
    admin = await server.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  it('is disconnected and counted once too much waits for it, while a reading client keeps everything', async () => {
    const reader = await connected(openSocket(server.url!, { token: admin }));
    const stalled = await connected(openSocket(server.url!, { token: admin }));
    sockets.push(reader, stalled);
    let received = 0;
    reader.onAny(() => (received += 1));
    tcpOf(stalled).pause(); // connected, but never reads again

    const io = server.realtime!.io as unknown as { emit(event: string, payload: unknown): void };
    const payload = { blob: 'x'.repeat(32 * 1024) };
    let sent = 0;
    // Paced, so the reading client never has more than a few messages waiting.
    while (server.realtime!.slowDisconnects === 0 && sent < 3000) {
      io.emit('telemetry_summary', payload);
      sent += 1;
      await sleep(2);
    }
    expect(server.realtime!.slowDisconnects).toBe(1);
    // Held for the stalled client: about the kernel's socket buffers plus our limit, not all that was sent.
    expect(sent * 32 * 1024).toBeGreaterThan(512 * 1024);
    await expect.poll(() => server.realtime!.io.engine.clientsCount).toBe(1);
    await expect.poll(() => received).toBe(sent);
    expect(reader.connected).toBe(true);
  });
});
