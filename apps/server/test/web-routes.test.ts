import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app';
import type { App } from '../src/route-kit/types';
import { startTestServer, type TestServer } from './support/server';

describe('the web app and its client-side routes', () => {
  let server: TestServer;
  let web: App;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const webDir = path.join(server.dir, 'web');
    fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Digital Twin</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    web = await buildApp(server.container, { webDir });
  });
  afterAll(async () => {
    await web.close();
    await server.close();
  });

  const get = (url: string) => web.inject({ method: 'GET', url });

  it('answers a client-side route with the app, also when its last part has a dot', async () => {
    for (const url of ['/devices/PUMP_1', '/assets/riverside.pump-house', '/assets']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
    }
  });

  it("serves the app's files, and a missing one is a 404, not the app", async () => {
    expect((await get('/assets/app.js')).statusCode).toBe(200);
    const missing = await get('/assets/gone-1234.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/text\/html/);
    // Nothing under /api/ is ever the app (signed out, it is refused before anything else).
    expect((await get('/api/no-such-thing.json')).headers['content-type']).toMatch(/application\/json/);
  });
});
