import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../lib/token-storage';
import { errorReply, mockApi } from '../test/fetch-mock';
import { adminMe, operatorMe } from '../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../test/render-app';
import { THEME_KEY } from './theme/theme';

describe('app shell', () => {
  it('sends an anonymous visitor to the login page, remembering where they were going', async () => {
    const api = mockApi({});
    const { router } = renderApp('/audit?outcome=denied');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(currentUrl(router)).toBe('/login?next=%2Faudit%3Foutcome%3Ddenied');
    expect(api.requests).toHaveLength(0);
  });

  it('on a 401 from the API drops the token and goes to the login page with ?next=', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/users': errorReply(401, 'unauthorized', 'token revoked'),
    });
    const { router } = renderApp('/users?q=bob');

    expect(await screen.findByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(currentUrl(router)).toBe('/login?next=%2Fusers%3Fq%3Dbob');
  });

  it('treats a token the server no longer accepts at start-up the same way', async () => {
    signInAs(operatorMe);
    mockApi({ 'GET /api/whoami': errorReply(401, 'unauthorized', 'token expired') });
    const { router } = renderApp('/');

    expect(await screen.findByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(currentUrl(router)).toBe('/login');
  });

  it('signs out: revokes the token on the server, forgets it, shows the login page', async () => {
    const token = signInAs(adminMe);
    const api = mockApi({ 'GET /api/whoami': { body: adminMe }, 'POST /api/logout': { status: 204 } });
    const { user, router } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(currentUrl(router)).toBe('/login');
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(api.calls('POST', '/api/logout')[0]?.headers.get('Authorization')).toBe(`Bearer ${token}`);
  });

  it('still signs out locally when the server cannot be reached', async () => {
    signInAs(adminMe);
    mockApi({ 'GET /api/whoami': { body: adminMe }, 'POST /api/logout': 'network-error' });
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('explains when the account cannot be loaded, and retries', async () => {
    signInAs(adminMe);
    let calls = 0;
    mockApi({ 'GET /api/whoami': () => (++calls === 1 ? { status: 503 } : { body: adminMe }) });
    const { user } = renderApp('/account');

    expect((await screen.findByRole('alert')).textContent).toMatch(/server is unavailable right now/i);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, ada' })).toBeTruthy();
  });

  it('shows a not-found page for unknown routes', async () => {
    signInAs(operatorMe);
    mockApi({ 'GET /api/whoami': { body: operatorMe } });
    renderApp('/no/such/page');

    expect(await screen.findByText('Page not found')).toBeTruthy();
    expect(screen.getByText('/no/such/page')).toBeTruthy();
  });

  it('greets the user on the account page with their role and what it allows', async () => {
    signInAs(operatorMe);
    mockApi({ 'GET /api/whoami': { body: operatorMe } });
    renderApp('/account');

    expect(await screen.findByRole('heading', { name: 'Welcome, otto' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'What the Operator role allows' })).toBeTruthy();
    expect(screen.getByText('Acknowledge and resolve alerts')).toBeTruthy();
    expect(screen.queryByText('Manage users and their roles')).toBeNull();
  });

  it('switches between light and dark and remembers the choice', async () => {
    signInAs(operatorMe);
    mockApi({ 'GET /api/whoami': { body: operatorMe } });
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Switch to dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');

    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem(THEME_KEY)).toBe('light');
  });
});
