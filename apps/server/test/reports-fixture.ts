import zlib from 'node:zlib';
import { ADMIN, type TestServer, passwordFor } from './support/server';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Creates a device as admin (through the API) and returns nothing; throws when refused. */
export async function createDevice(server: TestServer, id: string, model: string, name = id): Promise<void> {
  const admin = await server.login(ADMIN.username, ADMIN.password);
  const res = await server.inject({
    method: 'POST',
    url: '/api/devices',
    token: admin,
    payload: { id, name, model, location: { site: 'Plant 1', zone: 'Hall 3' } },
  });
  if (res.statusCode !== 201) throw new Error(`creating ${id}: ${res.statusCode} ${res.body}`);
}

/** Creates a user with a role and signs them in. */
export async function userToken(server: TestServer, username: string, role: 'admin' | 'operator' | 'viewer') {
  const admin = await server.login(ADMIN.username, ADMIN.password);
  const password = passwordFor(`${username}-password-123`);
  const res = await server.inject({
    method: 'POST',
    url: '/api/users',
    token: admin,
    payload: { username, password, role },
  });
  if (res.statusCode !== 201) throw new Error(`creating ${username}: ${res.statusCode} ${res.body}`);
  return server.login(username, password);
}

/** Stores `count` readings of one metric every `everyMs` ending at `end`, values from `value(i)`. */
export async function storeSeries(
  server: TestServer,
  deviceId: string,
  metric: string,
  options: { end: number; count: number; everyMs: number; value: (i: number) => number },
): Promise<void> {
  const readings = Array.from({ length: options.count }, (_, i) => ({
    deviceId,
    metric,
    ts: options.end - (options.count - 1 - i) * options.everyMs,
    value: options.value(i),
  }));
  for (let i = 0; i < readings.length; i += 5000)
    await server.container.telemetry.store(readings.slice(i, i + 5000));
}

/**
 * The text PDFKit drew: its content streams are deflated, and text is shown as hex strings of
 * WinAnsi bytes (`[<48656c6c6f> 20 <...>] TJ`); kerning splits words, so pieces are joined.
 */
export function pdfText(pdf: Buffer): string {
  const text: string[] = [];
  const body = pdf.toString('latin1');
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(body); m; m = streams.exec(body)) {
    let content: string;
    try {
      content = zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      text.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return text.join('\n');
}
