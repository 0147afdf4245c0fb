import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('the log', () => {
  it('is readable lines in the pretty format, with secrets still hidden', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', format: 'pretty', destination: out.stream });
    logger.info({ port: 8080, password: 'hunter2-secret' }, 'Digital Twin is ready');
    const line = out.text();
    expect(line).toMatch(/INFO.*Digital Twin is ready/);
    expect(line).not.toMatch(/^\{"level"/);
    expect(line).toContain('8080');
    expect(line).not.toContain('hunter2-secret');
  });

  it('is one JSON object a line in the json format', () => {
    const out = capture();
    createLogger({ level: 'info', format: 'json', destination: out.stream }).info({ port: 1 }, 'ready');
    expect(JSON.parse(out.text())).toMatchObject({ msg: 'ready', port: 1 });
  });
});
