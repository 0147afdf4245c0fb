import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Alert, AlertList } from '@dtwin/contracts/alerts';
import type { Notification } from '@dtwin/contracts/notifications';
import { postTelemetry } from './fleet';
import { ADMIN, type TestServer, passwordFor } from './server';

export interface People {
  admin: string;
  operator: string;
  viewer: string;
}

/** An admin, an operator (`operator-1`) and a viewer, logged in. */
export async function people(server: TestServer): Promise<People> {
  const admin = await server.login(ADMIN.username, ADMIN.password);
  for (const [username, role] of [
    ['operator-1', 'operator'],
    ['viewer-1', 'viewer'],
  ]) {
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username, password: passwordFor(`${username}-password`), role },
    });
  }
  return {
    admin,
    operator: await server.login('operator-1', passwordFor('operator-1-password')),
    viewer: await server.login('viewer-1', passwordFor('viewer-1-password')),
  };
}

/** Waits until what the readings set off (evaluation, alerts, notifications) has happened. */
export async function settle(server: TestServer): Promise<void> {
  await server.container.telemetry.flush();
  await server.container.notifications.processDue();
}

/** Posts one metric's values at `base + seconds`, in order, and waits for evaluation. */
export async function send(
  server: TestServer,
  device: { id: string; token: string },
  metric: string,
  base: number,
  points: Array<[seconds: number, value: number]>,
) {
  const res = await postTelemetry(
    server,
    device.id,
    device.token,
    points.map(([s, value]) => ({ ts: base + s * 1000, metrics: { [metric]: value } })),
  );
  if (res.statusCode !== 200) throw new Error(`telemetry ${res.statusCode} ${res.body}`);
  await settle(server);
}

export async function listAlerts(server: TestServer, token: string, query = ''): Promise<AlertList> {
  const res = await server.inject({ method: 'GET', url: `/api/alerts${query ? `?${query}` : ''}`, token });
  if (res.statusCode !== 200) throw new Error(`alerts ${res.statusCode} ${res.body}`);
  return res.json() as AlertList;
}

export async function alertsOf(server: TestServer, token: string, deviceId: string): Promise<Alert[]> {
  return (await listAlerts(server, token, `device_id=${deviceId}`)).items;
}

export async function notificationsOf(
  server: TestServer,
  token: string,
  query = '',
): Promise<Notification[]> {
  const res = await server.inject({
    method: 'GET',
    url: `/api/notifications${query ? `?${query}` : ''}`,
    token,
  });
  if (res.statusCode !== 200) throw new Error(`notifications ${res.statusCode} ${res.body}`);
  return (res.json() as { items: Notification[] }).items;
}

/** Creates a rule as admin; returns its id. */
export async function createRule(
  server: TestServer,
  admin: string,
  body: Record<string, unknown>,
): Promise<number> {
  const res = await server.inject({ method: 'POST', url: '/api/alert-rules', token: admin, payload: body });
  if (res.statusCode !== 201) throw new Error(`rule ${res.statusCode} ${res.body}`);
  return (res.json() as { id: number }).id;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as mail clients show them. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return {
    subject: decodeWords(/^subject: (.*)$/im.exec(head)?.[1] ?? ''),
    text: Buffer.from(body, 'latin1').toString('utf8'),
  };
}

/** A real SMTP server on a free local port that keeps what it receives. */
export async function startSmtpSink() {
  const mails: ReceivedMail[] = [];
  const logins: Array<{ username: string; password: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...decodeMail(Buffer.concat(chunks).toString('latin1')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint; `status(n)` answers the n-th request (1-based), 200 by default. */
export async function startReceiver(status: (n: number) => number = () => 200) {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = status(requests.length);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
