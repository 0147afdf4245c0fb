import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../test/fetch-mock';
import { adminMe, makeAuditEntry } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';

const entries = [
  makeAuditEntry({ id: 3, action: 'user.update', target: 'user:2', detail: 'role viewer → operator' }),
  makeAuditEntry({
    id: 2,
    actor: 'mallory',
    ip: '203.0.113.9',
    outcome: 'failure',
    ts: '2025-03-12T12:00:00.000Z',
  }),
  makeAuditEntry({ id: 1, actor: null, action: 'users.list', outcome: 'denied', ip: null }),
];

describe('audit page', () => {
  it('lists entries in local time with UTC in the tooltip', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/audit': { body: { items: entries, total: 3 } },
    });
    renderApp('/audit');

    const mallory = (await screen.findByText('mallory')).closest('tr');
    if (!mallory) throw new Error('no row');
    expect(within(mallory).getByText('Failure')).toBeTruthy();
    expect(within(mallory).getByText('203.0.113.9')).toBeTruthy();
    const time = mallory.querySelector('time');
    expect(time?.getAttribute('title')).toBe('2025-03-12 12:00:00 UTC');
    expect(time?.getAttribute('datetime')).toBe('2025-03-12T12:00:00.000Z');
    expect(time?.textContent).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
        new Date('2025-03-12T12:00:00.000Z'),
      ),
    );
    expect(screen.getByText('Denied', { selector: '.badge' })).toBeTruthy();
    expect(Object.fromEntries(api.calls('GET', '/api/audit')[0]?.query ?? [])).toEqual({
      limit: '50',
      offset: '0',
    });
  });

  it('sends the filters, with the local time range converted to UTC', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/audit': { body: { items: [], total: 0 } },
    });
    const { user, router } = renderApp('/audit');

    await user.type(await screen.findByLabelText('Actor'), 'mallory');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'failure');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-03-01T08:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    expect(await screen.findByText('No entries match these filters')).toBeTruthy();
    const from = new Date('2025-03-01T08:00').toISOString();
    const last = api.calls('GET', '/api/audit').at(-1);
    expect(Object.fromEntries(last?.query ?? [])).toEqual({
      actor: 'mallory',
      outcome: 'failure',
      from,
      limit: '50',
      offset: '0',
    });
    expect(currentUrl(router)).toContain('actor=mallory');
  });

  it('pages through the log', async () => {
    signInAs(adminMe);
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/audit': { body: { items: entries, total: 120 } },
    });
    const { user } = renderApp('/audit');

    expect(await screen.findByText(/1–50 of 120 entries/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByText(/51–100 of 120 entries/)).toBeTruthy();
    expect(api.calls('GET', '/api/audit').at(-1)?.query.get('offset')).toBe('50');
  });

  it('says in words when the log cannot be loaded, and retries', async () => {
    signInAs(adminMe);
    let calls = 0;
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/audit': () =>
        ++calls === 1
          ? { status: 503, body: { error: { code: 'unavailable', message: 'database is not reachable' } } }
          : { body: { items: entries, total: 3 } },
    });
    const { user } = renderApp('/audit');

    expect((await screen.findByRole('alert')).textContent).toContain('database is not reachable');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('mallory')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
