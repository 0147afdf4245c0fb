import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../test/fetch-mock';
import { adminMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

describe('role-aware pages', () => {
  it('hides the admin pages from a viewer', async () => {
    signInAs(viewerMe);
    mockApi({ 'GET /api/whoami': { body: viewerMe } });
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Alerts' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Recommendations' })).toBeTruthy();
    for (const adminOnly of ['Rules', 'Channels', 'Users', 'Audit log'])
      expect(within(nav).queryByRole('link', { name: adminOnly })).toBeNull();
    const header = screen.getByRole('banner');
    expect(within(header).getByText('vera')).toBeTruthy();
    expect(within(header).getByText('Viewer')).toBeTruthy();
  });

  it('refuses /users to a viewer without asking the server for users', async () => {
    signInAs(viewerMe);
    const api = mockApi({ 'GET /api/whoami': { body: viewerMe } });
    renderApp('/users');

    expect(await screen.findByText('You are not allowed to see this page')).toBeTruthy();
    expect(screen.getByText(/needs the Administrator role; you are signed in as Viewer/)).toBeTruthy();
    expect(api.calls('GET', '/api/users')).toHaveLength(0);
  });

  it('shows the admin pages to an admin', async () => {
    signInAs(adminMe);
    mockApi({ 'GET /api/whoami': { body: adminMe } });
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    for (const adminOnly of ['Rules', 'Channels', 'Users', 'Audit log'])
      expect(within(nav).getByRole('link', { name: adminOnly })).toBeTruthy();
  });
});
