import type { CustomDashboard } from '@dtwin/contracts/dashboards';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeDevice, makeTwin, pumpModel, sensorModel } from '../../test/device-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { mockApi } from '../../test/fetch-mock';
import { operatorMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const devices = [
  makeDevice({ id: 'P1', name: 'Pump P-101' }),
  makeDevice({ id: 'P2', name: 'Pump P-102' }),
  makeDevice({ id: 'T1', name: 'Sensor TT-401', model: 'temperature_sensor' }),
];

const dashboard: CustomDashboard = {
  id: 'd1',
  name: 'Pumps',
  owner: 'otto',
  shared: true,
  time_range: '1h',
  variables: [{ name: 'pump', label: 'Pump', type: 'device', value: 'P1' }],
  widgets: [
    {
      id: 'v',
      x: 0,
      y: 0,
      w: 3,
      h: 4,
      type: 'stat',
      options: { title: 'Flow now', device: '$pump', metric: 'flow', sparkline: true },
    },
    {
      id: 't',
      x: 3,
      y: 0,
      w: 6,
      h: 5,
      type: 'status_table',
      options: { title: 'Temperatures', devices: ['P1', 'P2'], metrics: ['bearing_temperature'] },
    },
  ],
};

function routes(who: typeof viewerMe) {
  const series = (value: number) => ({
    metric: 'flow',
    unit: 'm³/h',
    step: 'raw',
    from: new Date(Date.now() - 3_600_000).toISOString(),
    to: new Date().toISOString(),
    points: [{ ts: new Date(Date.now() - 60_000).toISOString(), value }],
  });
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/dashboards/d1': { body: dashboard },
    'GET /api/dashboards': { body: { items: [], total: 0, home: null } },
    'GET /api/devices': { body: { items: devices, total: devices.length } },
    'GET /api/models': { body: { items: [pumpModel, sensorModel], total: 2 } },
    'GET /api/assets': { body: { items: [], total: 0 } },
    'GET /api/devices/P1/telemetry': { body: series(61) },
    'GET /api/devices/P2/telemetry': { body: series(30) },
    'GET /api/devices/P1/twin': {
      body: makeTwin({
        device_id: 'P1',
        reported: {
          metrics: { bearing_temperature: { value: 50, ts: new Date().toISOString() } },
          properties: {},
        },
      }),
    },
    'GET /api/devices/P2/twin': {
      body: makeTwin({
        device_id: 'P2',
        reported: {
          metrics: { bearing_temperature: { value: 95, ts: new Date().toISOString() } },
          properties: {},
        },
      }),
    },
    'PUT /api/dashboards/d1': (request) => ({ body: { ...dashboard, ...(request.body as object) } }),
  });
}

describe('a custom dashboard', { timeout: 20_000 }, () => {
  it('shows values by range, follows the device variable and live readings, read-only for a viewer', async () => {
    signInAs(viewerMe);
    routes(viewerMe);
    const { user } = renderApp('/dashboards/d1');

    // Looked up each time: jsdom has no layout, so the grid turns into the narrow-screen column.
    await screen.findByRole('region', { name: 'Flow now' });
    const value = () => screen.getByRole('region', { name: 'Flow now' });
    await waitFor(() => expect(within(value()).getByText('61 m³/h')).toBeTruthy());
    expect(within(value()).getByText(/Pump P-101/)).toBeTruthy();
    const table = () => screen.getByRole('region', { name: 'Temperatures' });
    await waitFor(() =>
      expect(within(table()).getByText('95 °C').closest('td')?.dataset.level).toBe('critical'),
    );
    expect(within(table()).getByText('50 °C').closest('td')?.dataset.level).toBe('normal');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();

    // A reading pushed over the socket replaces the value; the variable switches the machine.
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toContain('device:P1'));
    act(() =>
      socket.serverEmit('telemetry', {
        device_id: 'P1',
        metrics: { flow: { value: 15, ts: new Date().toISOString() } },
      }),
    );
    await waitFor(() => expect(within(value()).getByText('15 m³/h')).toBeTruthy());
    expect(within(value()).getByText(/Critical/)).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Pump' }), 'P2');
    await waitFor(() => expect(within(value()).getByText(/Pump P-102/)).toBeTruthy());
    await waitFor(() => expect(within(value()).getByText('30 m³/h')).toBeTruthy());
  });

  it('opens your home dashboard from the Dashboards page, with a way back to the list', async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/dashboards': {
        body: {
          items: [
            {
              id: 'd1',
              name: 'Pumps',
              owner: 'otto',
              shared: true,
              widgets: 0,
              updated_at: new Date().toISOString(),
            },
          ],
          total: 1,
          home: 'd1',
        },
      },
      'GET /api/dashboards/d1': { body: { ...dashboard, widgets: [] } },
      'GET /api/devices': { body: { items: devices, total: devices.length } },
      'GET /api/models': { body: { items: [pumpModel, sensorModel], total: 2 } },
      'GET /api/assets': { body: { items: [], total: 0 } },
    });
    const { router, user } = renderApp('/dashboards');
    await screen.findByRole('heading', { name: 'Pumps' });
    expect(router.state.location.pathname).toBe('/dashboards/d1');
    expect(screen.getByText('Home')).toBeTruthy();

    await user.click(screen.getByRole('link', { name: 'All dashboards' }));
    expect(await screen.findByRole('link', { name: 'Pumps' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/dashboards');
  });

  it('lets its owner add a text widget and saves the whole dashboard', async () => {
    signInAs(operatorMe);
    const api = routes(operatorMe);
    const { user } = renderApp('/dashboards/d1');

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Add widget' }));
    const dialog = screen.getByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Widget type'), 'markdown');
    await user.type(within(dialog).getByLabelText(/^Title/), 'Notes');
    await user.type(within(dialog).getByLabelText('Text'), 'Check **seals**');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(within(screen.getByRole('region', { name: 'Notes' })).getByText('seals').tagName).toBe('STRONG');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: 'Edit' });
    const [put] = api.calls('PUT', '/api/dashboards/d1');
    const body = put?.body as CustomDashboard;
    expect(body.widgets.map((w) => w.id)).toEqual(['v', 't', expect.any(String)]);
    expect(body.widgets[2]).toMatchObject({
      type: 'markdown',
      x: 0,
      y: 5,
      w: 4,
      h: 4,
      options: { title: 'Notes', text: 'Check **seals**' },
    });
  });
});
