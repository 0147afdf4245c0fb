// Who may see what: a self-registered viewer is refused an admin page, and a token the server
// does not accept sends the browser back to the login page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiredAccessToken } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();

describe('access', () => {
  it('registers a viewer, who is refused the users page', async () => {
    const username = `vera${Date.now() % 100_000}`;
    const password = 'quiet-Harbour-lantern-81';
    await withPage(ctx, 'viewer-refused', async (page) => {
      await page.goto('/register');
      await page.getByLabel('User name').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText(/your account was created/).waitFor();

      await signIn(page, username, password);
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0);
      assert.equal(await nav.getByRole('link', { name: 'Rules' }).count(), 0);

      await page.goto('/users');
      await page.getByText('You are not allowed to see this page').waitFor();
      await page.getByText(/needs the Administrator role; you are signed in as Viewer/).waitFor();

      // The alerts page shows alerts, without the buttons to act on them.
      await page.goto('/alerts');
      await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Acknowledge/ }).count(), 0);
    });
  });

  it('sends a browser with an invalid token to the login page', async () => {
    await withPage(ctx, 'bogus-token', async (page) => {
      await page.goto('/login');
      await page.evaluate(() => localStorage.setItem('dtwin.token', 'eyJhbGciOiJIUzI1NiJ9.e30.bogus'));
      await page.goto('/alerts?state=open');

      await page.waitForURL((url) => url.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/alerts?state=open');
      await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
      assert.equal(await page.evaluate(() => localStorage.getItem('dtwin.token')), null);
    });
  });

  it('sends a signed-in browser whose token has expired to the login page', async () => {
    await withPage(ctx, 'expired-token', async (page) => {
      const { username, password } = ctx.server.admin;
      await signIn(page, username, password);

      const expired = expiredAccessToken(ctx.server.jwtSecret, username);
      await page.evaluate((token) => localStorage.setItem('dtwin.token', token), expired);
      await page.goto('/alerts');

      await page.waitForURL((url) => url.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/alerts');
      await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
      assert.equal(await page.evaluate(() => localStorage.getItem('dtwin.token')), null);
    });
  });
});
