import type { User } from '@dtwin/contracts/users';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, mockApi, type RecordedRequest } from '../../test/fetch-mock';
import { adminMe, makeUser } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';

const ada = makeUser({ id: 1, username: 'ada', role: 'admin', email: 'ada@plant.example' });
const bob = makeUser({ id: 2, username: 'bob', last_login_at: '2025-03-01T09:30:00.000Z' });
const cy = makeUser({ id: 3, username: 'cy', role: 'operator', disabled: true });

/** A fake server that applies PATCHes, so the page shows what the server answered. */
function usersServer(initial: User[] = [ada, bob, cy]) {
  const users = new Map(initial.map((u) => [u.id, u]));
  const patch = (request: RecordedRequest) => {
    const id = Number(request.path.split('/').pop());
    const current = users.get(id);
    if (!current) return errorReply(404, 'not_found', 'no such user');
    const { password: _password, ...change } = request.body as Partial<User> & { password?: string };
    const updated = { ...current, ...change };
    users.set(id, updated);
    return { body: { user: updated } };
  };
  return mockApi({
    'GET /api/whoami': { body: adminMe },
    'GET /api/users': () => ({ body: { items: [...users.values()], total: users.size } }),
    'PATCH /api/users/2': patch,
    'PATCH /api/users/3': patch,
  });
}

function row(username: string): HTMLElement {
  const cell = screen.getByText(username, { selector: 'td strong' });
  const tr = cell.closest('tr');
  if (!tr) throw new Error(`no row for ${username}`);
  return tr;
}

describe('users page', () => {
  it('shows an e-mail the server could not decrypt as unreadable, and the other users as usual', async () => {
    signInAs(adminMe);
    const broken = makeUser({ id: 4, username: 'dee', email: null, email_unreadable: true });
    usersServer([ada, broken]);
    renderApp('/users');

    expect(await screen.findByText('dee', { selector: 'td strong' })).toBeTruthy();
    expect(within(row('dee')).getByText('unreadable')).toBeTruthy();
    expect(within(row('ada')).getByText('ada@plant.example')).toBeTruthy();
  });

  it('lists the users the API returns', async () => {
    signInAs(adminMe);
    const api = usersServer();
    renderApp('/users');

    expect(await screen.findByText('bob', { selector: 'td strong' })).toBeTruthy();
    expect(within(row('ada')).getByText('ada@plant.example')).toBeTruthy();
    expect(within(row('cy')).getByText('Disabled')).toBeTruthy();
    expect(within(row('bob')).getByText('Active')).toBeTruthy();
    expect(within(row('cy')).getByText('Never')).toBeTruthy();
    expect(row('bob').querySelector('time[title="2025-03-01 09:30:00 UTC"]')).not.toBeNull();
    expect(screen.getByText(/1–3 of 3 users/)).toBeTruthy();

    const list = api.calls('GET', '/api/users')[0];
    expect(Object.fromEntries(list?.query ?? [])).toEqual({ limit: '25', offset: '0' });
    expect(list?.headers.get('Authorization')).toBe('Bearer token-of-ada');
  });

  it('sends a PATCH with the new role when the role changes', async () => {
    signInAs(adminMe);
    const api = usersServer();
    const { user } = renderApp('/users');

    await user.selectOptions(await screen.findByLabelText('Role for bob'), 'operator');

    expect(await screen.findByText('bob is now Operator.')).toBeTruthy();
    const patches = api.calls('PATCH', '/api/users/2');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ role: 'operator' });
    expect(screen.getByLabelText('Role for bob')).toHaveProperty('value', 'operator');
  });

  it('does not let an admin change their own role or disable themselves', async () => {
    signInAs(adminMe);
    usersServer();
    renderApp('/users');

    expect(await screen.findByLabelText('Role for ada')).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Disable ada' })).toHaveProperty('disabled', true);
  });

  it('asks before disabling, and disables only after confirmation', async () => {
    signInAs(adminMe);
    const api = usersServer();
    const { user } = renderApp('/users');

    await user.click(await screen.findByRole('button', { name: 'Disable bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable bob?' });
    expect(api.calls('PATCH', '/api/users/2')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Disable user' }));

    expect(await screen.findByText('bob is disabled and has been signed out everywhere.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/users/2')[0]?.body).toEqual({ disabled: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(row('bob')).getByText('Disabled')).toBeTruthy();
  });

  it('enables a disabled user without asking', async () => {
    signInAs(adminMe);
    const api = usersServer();
    const { user } = renderApp('/users');

    await user.click(await screen.findByRole('button', { name: 'Enable cy' }));

    expect(await screen.findByText('cy can sign in again.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/users/3')[0]?.body).toEqual({ disabled: false });
  });

  it('resets a password through the dialog', async () => {
    signInAs(adminMe);
    const api = usersServer();
    const { user } = renderApp('/users');

    await user.click(await screen.findByRole('button', { name: 'Reset password of bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset the password of bob' });
    await user.type(within(dialog).getByLabelText('New password'), 'a brand new secret');
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));

    expect(await screen.findByText('The password of bob was reset.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/users/2')[0]?.body).toEqual({ password: 'a brand new secret' });
  });

  it('shows the server refusal of a change in words', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/users': { body: { items: [ada, bob], total: 2 } },
      'PATCH /api/users/2': errorReply(409, 'conflict', 'the last admin cannot be demoted'),
    });
    const { user } = renderApp('/users');

    await user.selectOptions(await screen.findByLabelText('Role for bob'), 'admin');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The role of bob was not changed');
    expect(alert.textContent).toContain('the last admin cannot be demoted');
    expect(screen.getByLabelText('Role for bob')).toHaveProperty('value', 'viewer');
  });

  it('searches by putting the filters in the URL and the query', async () => {
    signInAs(adminMe);
    const api = usersServer();
    const { user, router } = renderApp('/users');

    await user.type(await screen.findByLabelText('Search'), 'bo');
    await user.selectOptions(screen.getByLabelText('Role'), 'viewer');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByRole('button', { name: 'Clear' });
    expect(currentUrl(router)).toBe('/users?q=bo&role=viewer');
    const last = api.calls('GET', '/api/users').at(-1);
    expect(Object.fromEntries(last?.query ?? [])).toEqual({
      q: 'bo',
      role: 'viewer',
      limit: '25',
      offset: '0',
    });
  });

  it('creates a user and shows the server field errors first', async () => {
    signInAs(adminMe);
    let attempts = 0;
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/users': { body: { items: [ada], total: 1 } },
      'POST /api/users': () =>
        ++attempts === 1
          ? errorReply(409, 'conflict', 'user exists', { username: 'is already taken' })
          : { status: 201, body: { user: makeUser({ id: 7, username: 'dora', role: 'operator' }) } },
    });
    const { user } = renderApp('/users');

    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const form = screen.getByRole('region', { name: 'New user' });
    await user.type(within(form).getByLabelText('User name'), 'dora');
    await user.type(within(form).getByLabelText('Initial password'), 'temporary-secret');
    await user.selectOptions(within(form).getByLabelText('Role'), 'operator');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await within(form).findByText('Is already taken')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByText('dora was created as Operator.')).toBeTruthy();
    expect(api.calls('POST', '/api/users')[1]?.body).toEqual({
      username: 'dora',
      password: 'temporary-secret',
      role: 'operator',
    });
    expect(api.calls('GET', '/api/users').length).toBeGreaterThan(1);
  });
});
