import { PassThrough, Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

describe('the logger', () => {
  it('keeps tokens and passwords out of request lines: query, headers and bodies', async () => {
    const { lines, logger } = capture();
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    app.post('/api/login', async (request) => {
      request.log.info({ body: request.body }, 'login attempt');
      return { ok: true };
    });
    app.get('/api/whoami', async (request) => {
      request.log.warn({ headers: request.headers }, 'no user');
      return { ok: false };
    });
    await app.inject({
      method: 'GET',
      url: `/api/whoami?access_token=${JWT}&x=1`,
      headers: { authorization: `Bearer ${JWT}` },
    });
    await app.inject({
      method: 'POST',
      url: '/api/login?token=tok-12345',
      payload: { username: 'ada', password: 'correct-horse-battery', nested: { secret: 's3cr3t-value' } },
    });
    await app.close();

    const text = lines.join('');
    expect(text).toContain('/api/whoami?access_token=[redacted]&x=1');
    expect(text).toContain('"username":"ada"');
    for (const secret of [JWT, 'tok-12345', 'correct-horse-battery', 's3cr3t-value'])
      expect(text).not.toContain(secret);
  });

  it('scrubs secrets from messages, nested objects and errors', () => {
    const { lines, logger } = capture();
    logger.info(`calling https://hooks.example/x?token=${JWT} with Bearer ${JWT}`);
    logger.info({ deep: { a: [{ b: { password: 'hunter2-hunter2' } }] } }, 'deep');
    logger.error({ err: new Error(`bad body {"password":"p4ssw0rd-long"}`) }, 'failed');
    const text = lines.join('');
    for (const secret of [JWT, 'hunter2-hunter2', 'p4ssw0rd-long']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

function captureText() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('the log formats', () => {
  it('is readable lines in the pretty format, with secrets still hidden', () => {
    const out = captureText();
    const logger = createLogger({ level: 'info', format: 'pretty', destination: out.stream });
    logger.info({ port: 8080, password: 'hunter2-secret' }, 'Digital Twin is ready');
    const line = out.text();
    expect(line).toMatch(/INFO.*Digital Twin is ready/);
    expect(line).not.toMatch(/^\{"level"/);
    expect(line).toContain('8080');
    expect(line).not.toContain('hunter2-secret');
  });

  it('is one JSON object a line in the json format', () => {
    const out = captureText();
    createLogger({ level: 'info', format: 'json', destination: out.stream }).info({ port: 1 }, 'ready');
    expect(JSON.parse(out.text())).toMatchObject({ msg: 'ready', port: 1 });
  });
});
