import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAlert, makeDashboard } from '../../test/alerting-fixtures';
import { makeAsset } from '../../test/asset-fixtures';
import { makeDevice } from '../../test/device-fixtures';
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

  it(
    'narrows the KPIs and the live feed to an asset and everything under it',
    { timeout: 20_000 },
    async () => {
      signInAs(operatorMe);
      const api = mockApi({
        'GET /api/whoami': { body: operatorMe },
        'GET /api/dashboard': (request) =>
          request.query.get('asset_id') === 'LINE_A'
            ? {
                body: makeDashboard({
                  devices: { total: 2, active: 2, online: 2, offline: 0, maintenance: 0 },
                }),
              }
            : { body: makeDashboard() },
        'GET /api/assets': {
          body: { items: [makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line' })], total: 1 },
        },
        'GET /api/devices': (request) => ({
          body:
            request.query.get('asset_id') === 'LINE_A'
              ? { items: [makeDevice({ id: 'PUMP_007' }), makeDevice({ id: 'PUMP_008' })], total: 2 }
              : { items: [], total: 0 },
        }),
      });
      const { user, router } = renderApp('/');
      await screen.findByText(/Fleet health/, { selector: 'dt' });
      const picker = screen.getByLabelText('Asset');
      await within(picker).findByRole('option', { name: 'Line A (line)' });
      await user.selectOptions(picker, 'LINE_A');
      expect(router.state.location.search).toBe('?asset=LINE_A');
      await screen.findByText(/Showing Line A and everything under it/);
      expect(api.calls('GET', '/api/dashboard').at(-1)?.query.get('asset_id')).toBe('LINE_A');
      await waitFor(() => expect(kpi(/Devices online/).textContent).toMatch(/2 of 2/));

      const feed = screen.getByRole('list', { name: 'Latest alerts, newest first' });
      const socket = latestSocket();
      const emit = (id: number, device_id: string, message: string) =>
        act(() =>
          socket.serverEmit('alert', {
            change: 'raised',
            alert: makeAlert({ id, device_id, message, started_at: new Date().toISOString() }),
          }),
        );
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      });
      emit(51, 'OTHER_001', 'elsewhere in the plant');
      emit(52, 'PUMP_007', 'on the line');
      await within(feed).findByText(/on the line/);
      expect(within(feed).queryByText(/elsewhere in the plant/)).toBeNull();
    },
  );

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
