import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAlert, makeDashboard } from '../../test/alerting-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { errorReply, mockApi } from '../../test/fetch-mock';
import { operatorMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

function kpi(label: RegExp): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  const tile = term.parentElement;
  if (!tile) throw new Error(`no tile for ${String(label)}`);
  return tile;
}

describe('fleet dashboard', () => {
  it('shows the KPIs the API computed, in words and numbers', async () => {
    signInAs(operatorMe);
    const recent = {
      id: 9,
      device_id: 'DEVICE_004',
      severity: 'warning',
      state: 'active',
      title: 'Low efficiency: Low efficiency: efficiency 61.5 on DEVICE_004 (< 70)',
      ts: '2025-03-12T13:00:00.000Z',
    };
    const dashboard = makeDashboard({ recent_alerts: [recent] });
    mockApi({ 'GET /api/whoami': { body: operatorMe }, 'GET /api/dashboard': { body: dashboard } });
    renderApp('/');

    expect(await screen.findByText(/Fleet health/, { selector: 'dt' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Fleet dashboard' })).toBeTruthy();
    expect(screen.getByText(/Welcome, otto/)).toBeTruthy();
    expect(kpi(/Fleet health/).textContent).toMatch(/87\s*\/ 100.*Good.*mean of 8 devices/);
    expect(kpi(/Devices online/).textContent).toMatch(/7 of 8.*1 offline/);
    expect(kpi(/Efficiency/).textContent).toMatch(/81\.3\s*%/);
    expect(kpi(/Energy, last 24 h/).textContent).toMatch(/412\.3\s*kWh.*Cost 61\.85 at 0\.15 per kWh/);
    expect(kpi(/Open recommendations/).textContent).toMatch(/5.*1 critical, 2 high/);
    expect(screen.getByText(/Condition of 8 devices/)).toBeTruthy();
    expect(screen.getByText(/Updated \d+ s ago/)).toBeTruthy();
    // The rule's name is said once, even when the server's title repeats it.
    expect(screen.getByText('Low efficiency: efficiency 61.5 on DEVICE_004 (< 70)')).toBeTruthy();
  });

  it('puts an alert raised live on top of the feed, without a reload', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/dashboard': { body: makeDashboard() },
    });
    renderApp('/');

    const feed = await screen.findByRole('list', { name: 'Latest alerts, newest first' });
    expect(within(feed).getAllByRole('listitem')).toHaveLength(1);
    const socket = latestSocket();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(socket.subscribedRooms()).toContain('fleet');

    const raised = makeAlert({
      id: 42,
      rule_name: 'Overheating',
      message: 'Overheating: bearing_temperature 97.2 on PUMP_007 (> 95)',
      device_id: 'PUMP_007',
      severity: 'critical',
      started_at: new Date().toISOString(),
    });
    act(() => socket.serverEmit('alert', { change: 'raised', alert: raised }));

    await within(feed).findByText(/Overheating: bearing_temperature 97\.2/);
    const items = within(feed).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toMatch(/critical.*Overheating.*PUMP_007/);
    expect(items[1]?.textContent).toMatch(/High vibration/);
    expect(api.calls('GET', '/api/dashboard')).toHaveLength(1);
  });

  it('says in words when the dashboard cannot be loaded', async () => {
    signInAs(operatorMe);
    mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/dashboard': errorReply(503, 'unavailable', 'the database is not reachable'),
    });
    renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not load the dashboard.*the database is not reachable/);
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('explains an empty fleet instead of showing zeros', async () => {
    signInAs(operatorMe);
    const empty = makeDashboard({
      devices: { total: 0, active: 0, online: 0, offline: 0, maintenance: 0 },
      recent_alerts: [],
    });
    mockApi({ 'GET /api/whoami': { body: operatorMe }, 'GET /api/dashboard': { body: empty } });
    renderApp('/');

    expect(await screen.findByText('No devices yet')).toBeTruthy();
  });
});
