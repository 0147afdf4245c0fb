import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../../lib/token-storage';
import { errorReply, mockApi } from '../../test/fetch-mock';
import { adminMe } from '../../test/fixtures';
import { currentUrl, renderApp } from '../../test/render-app';

async function fillAndSubmit(user: ReturnType<typeof renderApp>['user'], username: string, password: string) {
  await user.type(screen.getByLabelText('User name'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login page', () => {
  it("shows the server's message when the sign-in is refused", async () => {
    mockApi({ 'POST /api/login': errorReply(401, 'unauthorized', 'Invalid username or password.') });
    const { user } = renderApp('/login');

    await fillAndSubmit(user, 'ada', 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Invalid username or password.');
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('says how long to wait when there were too many attempts', async () => {
    mockApi({
      'POST /api/login': {
        ...errorReply(429, 'rate_limited', 'too many login attempts'),
        headers: { 'Retry-After': '30' },
      },
    });
    const { user } = renderApp('/login');

    await fillAndSubmit(user, 'ada', 'whatever-it-is');

    expect(await screen.findByText('Too many attempts, try again in 30 s.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', true);
  });

  it('stores the token, then opens the page the user came for', async () => {
    const api = mockApi({
      'POST /api/login': { body: { access_token: 'fresh.jwt.token' } },
      'GET /api/whoami': { body: adminMe },
      'GET /api/users': { body: { items: [], total: 0 } },
    });
    const { user, router } = renderApp('/login?next=%2Fusers');

    await fillAndSubmit(user, '  ada ', 'correct horse battery');

    expect(await screen.findByRole('heading', { name: 'Users' })).toBeTruthy();
    expect(localStorage.getItem(TOKEN_KEY)).toBe('fresh.jwt.token');
    expect(currentUrl(router)).toBe('/users');
    expect(api.calls('POST', '/api/login')[0]?.body).toEqual({
      username: 'ada',
      password: 'correct horse battery',
    });
    expect(api.calls('GET', '/api/whoami')[0]?.headers.get('Authorization')).toBe('Bearer fresh.jwt.token');
  });

  it('asks for both fields before sending anything', async () => {
    const api = mockApi({});
    const { user } = renderApp('/login');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your user name.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(api.requests).toHaveLength(0);
  });

  it('ignores a next= that points off the site', async () => {
    mockApi({
      'POST /api/login': { body: { access_token: 't' } },
      'GET /api/whoami': { body: adminMe },
    });
    const { user, router } = renderApp('/login?next=%2F%2Fevil.example%2F');

    await fillAndSubmit(user, 'ada', 'correct horse battery');

    expect(await screen.findByRole('heading', { name: 'Fleet dashboard' })).toBeTruthy();
    expect(currentUrl(router)).toBe('/');
  });
});
