import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeChannel, makeNotification } from '../../test/alerting-fixtures';
import { mockApi } from '../../test/fetch-mock';
import { adminMe } from '../../test/fixtures';
import { descriptionOf, renderApp, signInAs } from '../../test/render-app';

const mail = makeChannel({
  id: 1,
  type: 'email',
  name: 'Night shift',
  email: {
    host: 'smtp.plant.example',
    port: 587,
    secure: false,
    user: 'alerts',
    from: 'dt@plant.example',
    to: ['night@plant.example'],
  },
});
const hook = makeChannel({ id: 2, type: 'webhook', name: 'CMMS hook', min_severity: 'critical' });

describe('notification channels', () => {
  it('never fills in a secret, and keeps the stored one when left empty', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/channels': { body: { items: [mail, hook], total: 2 } },
      'PATCH /api/channels/2': (request) => ({ body: { ...hook, ...(request.body as object) } }),
    });
    const { user } = renderApp('/channels');

    await user.click(await screen.findByRole('button', { name: 'Edit CMMS hook' }));
    const url = screen.getByLabelText<HTMLInputElement>('Webhook URL');
    const secret = screen.getByLabelText<HTMLInputElement>('Signing secret');
    for (const input of [url, secret]) {
      expect(input.value).toBe('');
      expect(input.type).toBe('password');
      expect(input.autocomplete).toBe('new-password');
      expect(descriptionOf(input)).toMatch(/leave empty to keep it/i);
    }
    expect(descriptionOf(url)).toMatch('Now sending to https://hooks.example.com.');

    await user.clear(screen.getByLabelText('Name'));
    await user.type(screen.getByLabelText('Name'), 'CMMS');
    await user.click(screen.getByRole('button', { name: 'Save channel' }));

    expect(await screen.findByText('CMMS was saved.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/channels/2')[0]?.body).toEqual({
      name: 'CMMS',
      min_severity: 'critical',
      enabled: true,
    });
  }, 20_000);

  it('leaves the SMTP password empty when editing an e-mail channel', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/channels': { body: { items: [mail], total: 1 } },
    });
    const { user } = renderApp('/channels');

    await user.click(await screen.findByRole('button', { name: 'Edit Night shift' }));
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('SMTP host').value).toBe('smtp.plant.example');
    expect(screen.getByLabelText<HTMLInputElement>('To').value).toBe('night@plant.example');
  });

  it('creates a webhook channel with its secrets', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/channels': { body: { items: [], total: 0 } },
      'POST /api/channels': { status: 201, body: hook },
    });
    const { user } = renderApp('/channels');

    await user.click(await screen.findByRole('button', { name: 'New channel' }));
    await user.selectOptions(screen.getByLabelText('Type'), 'webhook');
    await user.type(screen.getByLabelText('Name'), 'CMMS hook');
    await user.type(screen.getByLabelText('Webhook URL'), 'https://cmms.example/hook');
    await user.type(screen.getByLabelText('Signing secret'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    expect(descriptionOf(screen.getByLabelText('Signing secret'))).toMatch('Must be at least 16 characters');
    expect(api.calls('POST', '/api/channels')).toHaveLength(0);

    await user.type(screen.getByLabelText('Signing secret'), '-and-now-longer');
    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    expect(await screen.findByText(/CMMS hook was created/)).toBeTruthy();
    expect(api.calls('POST', '/api/channels')[0]?.body).toEqual({
      type: 'webhook',
      name: 'CMMS hook',
      min_severity: 'warning',
      enabled: true,
      url: 'https://cmms.example/hook',
      signing_secret: 'short-and-now-longer',
    });
  }, 20_000);

  it('sends a test and says how it went', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/channels': { body: { items: [mail, hook], total: 2 } },
      'POST /api/channels/1/test': {
        body: { delivered: false, error: 'connection refused by smtp.plant.example:587', notification_id: 9 },
      },
      'POST /api/channels/2/test': { body: { delivered: true, error: null, notification_id: 10 } },
    });
    const { user } = renderApp('/channels');

    await user.click(await screen.findByRole('button', { name: 'Send a test to Night shift' }));
    const failure = await screen.findByRole('alert');
    expect(failure.textContent).toMatch(/not delivered.*connection refused by smtp\.plant\.example:587/);

    await user.click(screen.getByRole('button', { name: 'Send a test to CMMS hook' }));
    expect(await screen.findByText('The test message to CMMS hook was delivered.')).toBeTruthy();
  }, 20_000);

  it('lists delivery attempts with their status and error', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/channels': { body: { items: [mail], total: 1 } },
      'GET /api/notifications': {
        body: {
          items: [
            makeNotification({ id: 2, status: 'failed', attempt: 2, error: 'SMTP 550 mailbox unavailable' }),
          ],
          total: 1,
        },
      },
    });
    const { user } = renderApp('/channels/log');

    const table = await screen.findByRole('table', { name: 'Delivery attempts' });
    const cells = within(table).getAllByRole('row')[1];
    expect(cells?.textContent).toMatch(/Night shift.*Failed.*2.*SMTP 550 mailbox unavailable/);
    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    expect(Object.fromEntries(api.calls('GET', '/api/notifications').at(-1)?.query ?? [])).toMatchObject({
      status: 'failed',
    });
  });
});
