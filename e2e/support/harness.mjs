// What every test file shares: one server and one browser per file, a page per test, and on a
// failure a screenshot in test-results/ and the server's last log lines in the error.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { login } from './api.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { root, startServer } from './server.mjs';

export const screenshotDir = path.join(root, 'docs/screenshots');
const failureDir = path.join(root, 'test-results');

/** Starts the server and the browser before the file's tests and stops them after. */
export function useServerAndBrowser() {
  const ctx = { server: null, browser: null, adminToken: null };
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
    ctx.adminToken = await login(ctx.server.baseUrl, ctx.server.admin.username, ctx.server.admin.password);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/**
 * Runs `body` with a fresh browser context and page. Fails on uncaught errors in the page; on
 * any failure, keeps a screenshot and adds the server's recent log to the message.
 */
export async function withPage(ctx, name, body) {
  const { context, page, errors } = await newPage(ctx.browser, ctx.server.baseUrl);
  page.setDefaultTimeout(20_000);
  try {
    await body(page);
    if (errors.length > 0)
      throw new Error(`the page reported errors:\n${errors.map((e) => e.message).join('\n')}`);
  } catch (error) {
    mkdirSync(failureDir, { recursive: true });
    const shot = path.join(failureDir, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    const log = ctx.server.logs().split('\n').slice(-40).join('\n');
    const extra = `\n(screenshot: ${shot})\n--- server log (last lines) ---\n${log}`;
    if (error instanceof Error) {
      error.message += extra;
      if (error.stack) error.stack += extra;
    }
    throw error;
  } finally {
    await context.close();
  }
}

/** A full-page screenshot for the docs. */
export async function saveScreenshot(page, file) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, file), fullPage: true });
}
