import type { CustomDashboard } from '@dtwin/contracts/dashboards';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAsset, makeStatus, treeOf } from '../../test/asset-fixtures';
import { makeDevice, pumpModel } from '../../test/device-fixtures';
import { mockApi } from '../../test/fetch-mock';
import { operatorMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const assets = [
  makeAsset({ id: 'SITE', name: 'North plant', type: 'site' }),
  makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line', parent_id: 'SITE' }),
];
const devices = [makeDevice({ id: 'P1', name: 'Pump P-101', asset_id: 'LINE_A' })];

const dashboard: CustomDashboard = {
  id: 'd1',
  name: 'Plant',
  owner: 'otto',
  shared: true,
  time_range: '1h',
  variables: [],
  widgets: [
    {
      id: 'tree',
      x: 0,
      y: 0,
      w: 6,
      h: 8,
      type: 'asset_tree',
      options: { title: 'Plant tree', asset: null, show_devices: true },
    },
  ],
};

function server(who = viewerMe) {
  const points = (value: number) => ({
    metric: 'total_power',
    unit: 'kW',
    step: 'raw',
    from: new Date(Date.now() - 3_600_000).toISOString(),
    to: new Date().toISOString(),
    points: [{ ts: new Date(Date.now() - 60_000).toISOString(), value }],
  });
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/dashboards/d1': { body: dashboard },
    'GET /api/dashboards': { body: { items: [], total: 0, home: null } },
    'PUT /api/dashboards/d1': (request) => ({ body: { ...dashboard, ...(request.body as object) } }),
    'GET /api/devices': { body: { items: devices, total: devices.length } },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/assets': { body: { items: assets, total: assets.length } },
    'GET /api/assets/SITE/tree': { body: treeOf(assets, 'SITE', devices) },
    'GET /api/assets/SITE/status': {
      body: makeStatus({
        devices: 1,
        online: 1,
        condition: 'warning',
        health: { mean: 77, min: 77, scored: 1 },
        active_alerts: { info: 0, warning: 2, critical: 0 },
      }),
    },
    'GET /api/assets/LINE_A/status': { body: makeStatus({ devices: 1, online: 1, condition: 'normal' }) },
    'GET /api/assets/LINE_A/telemetry': { body: points(118) },
  });
}

describe('asset widgets on a dashboard', { timeout: 30_000 }, () => {
  it('shows the asset tree with each node’s rolled-up status and its devices', async () => {
    signInAs(viewerMe);
    server();
    renderApp('/dashboards/d1');

    const tree = await screen.findByRole('tree', { name: 'Plant tree' }, { timeout: 20_000 });
    const site = within(tree).getByRole('treeitem', { name: /North plant/ });
    await waitFor(() => expect(site.textContent).toContain('Health 77'));
    expect(site.textContent).toContain('2 alerts');
    expect(
      within(tree)
        .getByRole('treeitem', { name: /Line A/ })
        .getAttribute('aria-level'),
    ).toBe('2');
    expect(within(tree).getByRole('link', { name: 'Pump P-101' }).getAttribute('href')).toBe('/devices/P1');
  });

  it('charts an asset’s computed metric in a time series and saves it', async () => {
    signInAs(operatorMe);
    const api = server(operatorMe);
    const { user } = renderApp('/dashboards/d1');

    await user.click(await screen.findByRole('button', { name: 'Edit' }, { timeout: 15_000 }));
    await user.click(screen.getByRole('button', { name: 'Add widget' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Title/), 'Line power');
    await user.selectOptions(within(dialog).getByLabelText('Device of series 1'), 'asset:LINE_A');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(within(dialog).getByRole('alert').textContent).toBe(
      "Series 1: enter the name of the asset's computed metric.",
    );
    await user.type(within(dialog).getByLabelText('Computed metric of series 1'), 'total_power');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    const widget = await screen.findByRole('region', { name: 'Line power' });
    expect(await within(widget).findByText('Line A · total_power')).toBeTruthy();
    await waitFor(() => expect(api.calls('GET', '/api/assets/LINE_A/telemetry')).toHaveLength(1));
    expect(api.calls('GET', '/api/assets/LINE_A/telemetry')[0]?.query.get('metric')).toBe('total_power');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: 'Edit' });
    const body = api.calls('PUT', '/api/dashboards/d1')[0]?.body as CustomDashboard;
    expect(body.widgets[1]).toMatchObject({
      type: 'timeseries',
      options: { title: 'Line power', series: [{ asset: 'LINE_A', metric: 'total_power' }] },
    });
  });
});
