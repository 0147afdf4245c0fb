import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, mockApi } from '../../test/fetch-mock';
import { currentUrl, descriptionOf, renderApp } from '../../test/render-app';

async function fillForm(user: ReturnType<typeof renderApp>['user'], values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await user.type(screen.getByLabelText(label), value);
}

describe('register page', () => {
  it('shows the field errors of a 400 next to their fields', async () => {
    mockApi({
      'POST /api/register': errorReply(400, 'validation_failed', 'Some fields are not valid.', {
        username: 'is already taken',
        password: 'is too common',
      }),
    });
    const { user } = renderApp('/register');

    await fillForm(user, { 'User name': 'ada', Password: 'password123' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('Some fields are not valid.')).toBeTruthy();
    const username = screen.getByLabelText('User name');
    expect(username.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(username)).toContain('Is already taken');
    expect(descriptionOf(screen.getByLabelText('Password'))).toContain('Is too common');
  });

  it('checks the contract rules before sending and sends nothing when they fail', async () => {
    const api = mockApi({});
    const { user } = renderApp('/register');

    await fillForm(user, { 'User name': 'ab', Password: 'short', 'E-mail (optional)': 'not-an-address' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(descriptionOf(screen.getByLabelText('User name'))).toContain('Must be at least 3 characters');
    expect(descriptionOf(screen.getByLabelText('Password'))).toContain('Must be at least 10 characters');
    expect(descriptionOf(screen.getByLabelText('E-mail (optional)'))).toContain('Must be an e-mail address');
    expect(api.requests).toHaveLength(0);
  });

  it('says so when registration is closed', async () => {
    mockApi({ 'POST /api/register': errorReply(403, 'forbidden', 'registration is closed') });
    const { user } = renderApp('/register');

    await fillForm(user, { 'User name': 'newbie', Password: 'long enough password' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/registration is closed on this server/i);
  });

  it('goes to the login page with a notice and the user name after a 201', async () => {
    const api = mockApi({ 'POST /api/register': { status: 201, body: { id: 9, username: 'newbie' } } });
    const { user, router } = renderApp('/register');

    await fillForm(user, {
      'User name': 'newbie',
      Password: 'long enough password',
      'E-mail (optional)': 'newbie@plant.example',
    });
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText(/your account was created/i)).toBeTruthy();
    expect(currentUrl(router)).toBe('/login');
    expect(screen.getByLabelText('User name')).toHaveProperty('value', 'newbie');
    expect(api.calls('POST', '/api/register')[0]?.body).toEqual({
      username: 'newbie',
      password: 'long enough password',
      email: 'newbie@plant.example',
    });
  });

  it('says while the user types why a password would be refused, and when it is strong enough', async () => {
    mockApi({});
    const { user } = renderApp('/register');
    await fillForm(user, { 'User name': 'newbie', Password: 'password123' });
    const password = screen.getByLabelText('Password');
    expect(await screen.findByText(/Too weak: .*most common/, {}, { timeout: 10_000 })).toBeTruthy();
    await user.clear(password);
    await user.type(password, 'newbie-rocks-2024');
    expect(await screen.findByText(/Too weak: .*user name/)).toBeTruthy();
    await user.clear(password);
    await user.type(password, 'violet-harbour-Lantern-42');
    expect(await screen.findByText('Strong enough.')).toBeTruthy();
    expect(descriptionOf(password)).toContain('Strong enough.');
  });
});
