import type { Alert } from '@dtwin/contracts/alerts';
import type { AssetStatus } from '@dtwin/contracts/assets';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/alerting-fixtures';
import { makeAsset, makeStatus, treeOf } from '../../test/asset-fixtures';
import { makeDevice } from '../../test/device-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { errorReply, mockApi, type Route } from '../../test/fetch-mock';
import { adminMe, operatorMe, viewerMe } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';

const assets = [
  makeAsset({ id: 'NORTH', name: 'North plant', type: 'site' }),
  makeAsset({ id: 'AREA_1', name: 'Pumping', type: 'area', parent_id: 'NORTH' }),
  makeAsset({ id: 'AREA_2', name: 'Packaging', type: 'area', parent_id: 'NORTH' }),
  makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line', parent_id: 'AREA_1', properties: { speed: 12 } }),
  makeAsset({ id: 'M_1', name: 'Pump P-101', type: 'machine', parent_id: 'LINE_A' }),
];
const devices = [
  makeDevice({ id: 'PUMP_001', name: 'Cooling pump 1', asset_id: 'M_1' }),
  makeDevice({ id: 'TEMP_007', name: 'Hall temperature', asset_id: 'AREA_2' }),
];
const north = makeStatus({
  devices: 2,
  online: 1,
  condition: 'critical',
  health: { mean: 71.6, min: 48.2, scored: 2 },
  active_alerts: { info: 2, warning: 0, critical: 1 },
});
const pumping = makeStatus({
  devices: 1,
  online: 1,
  condition: 'warning',
  health: { mean: 82, min: 82, scored: 1 },
  active_alerts: { info: 0, warning: 1, critical: 0 },
});

const alert = (id: number, device_id: string, severity: Alert['severity'], message: string) =>
  makeAlert({ id, device_id, severity, message });

/** The ids of an asset, the assets under it and their devices. */
function subtreeSubjects(id: string, into = new Set<string>()): Set<string> {
  into.add(id);
  for (const d of devices) if (d.asset_id === id) into.add(d.id);
  for (const a of assets) if (a.parent_id === id) subtreeSubjects(a.id, into);
  return into;
}

function plantServer(who = adminMe, extra: Record<string, Route> = {}) {
  const statusOf = (id: string): AssetStatus =>
    id === 'NORTH' ? north : id === 'AREA_1' || id === 'LINE_A' || id === 'M_1' ? pumping : makeStatus();
  const routes: Record<string, Route> = {
    'GET /api/whoami': { body: who },
    'GET /api/assets': (request) => {
      const q = request.query.get('q')?.toLowerCase();
      const items = assets.filter((a) => !q || a.name.toLowerCase().includes(q));
      return { body: { items, total: items.length } };
    },
    'GET /api/devices': { body: { items: devices, total: devices.length } },
    'GET /api/alerts': (request) => {
      // As the server does: `asset_id` keeps the subtree's devices and assets.
      const all = [
        alert(1, 'PUMP_001', 'warning', 'Vibration 7.4 mm/s on Cooling pump 1'),
        alert(2, 'TEMP_007', 'critical', 'Temperature high in the hall'),
        alert(3, 'LINE_A', 'critical', 'Line A total power 130 kW > 120 kW'),
      ];
      const under = request.query.get('asset_id');
      const subjects = under ? subtreeSubjects(under) : undefined;
      const items = all.filter((a) => !subjects || subjects.has(a.device_id));
      return { body: { items, total: items.length } };
    },
  };
  for (const a of assets) {
    const path = `/api/assets/${a.id}`;
    routes[`GET ${path}`] = { body: { asset: a } };
    routes[`GET ${path}/tree`] = { body: treeOf(assets, a.id, devices) };
    routes[`GET ${path}/status`] = { body: statusOf(a.id) };
  }
  return mockApi({ ...routes, ...extra });
}

describe('asset tree', { timeout: 20_000 }, () => {
  it('shows the hierarchy with each asset’s rolled-up condition, health, devices online and alerts', async () => {
    signInAs(viewerMe);
    plantServer(viewerMe);
    renderApp('/assets');

    const tree = await screen.findByRole('tree', { name: 'Plant assets' }, { timeout: 15_000 });
    const site = within(tree).getByRole('treeitem', { name: /North plant/ });
    await waitFor(() => expect(site.textContent).toContain('Health 72 · min 48'));
    expect(site.textContent).toContain('Critical');
    expect(site.textContent).toContain('1/2 online');
    expect(site.textContent).toContain('3 alerts');
    expect(site.getAttribute('aria-expanded')).toBe('true');
    expect(site.getAttribute('aria-level')).toBe('1');
    // Two levels open at first: the line shows, closed, its machine does not.
    const line = within(tree).getByRole('treeitem', { name: /Line A/ });
    expect(line.getAttribute('aria-level')).toBe('3');
    expect(line.getAttribute('aria-expanded')).toBe('false');
    expect(within(tree).queryByRole('treeitem', { name: /Pump P-101/ })).toBeNull();
    // An area's own device is listed under it, linking to the device.
    expect(within(tree).getByRole('link', { name: 'Hall temperature' }).getAttribute('href')).toBe(
      '/devices/TEMP_007',
    );
    expect(screen.queryByRole('button', { name: 'Add asset' })).toBeNull();
  });

  it('is driven by the keyboard: arrows open, close and move; Enter opens the asset', async () => {
    signInAs(viewerMe);
    plantServer(viewerMe);
    const { router, user } = renderApp('/assets');

    const tree = await screen.findByRole('tree', { name: 'Plant assets' }, { timeout: 15_000 });
    const items = () => within(tree).getAllByRole('treeitem');
    // One tab stop: the first row.
    expect(items().filter((i) => i.tabIndex === 0)).toHaveLength(1);
    const site = within(tree).getByRole('treeitem', { name: /North plant/ });
    expect(site.tabIndex).toBe(0);
    act(() => site.focus());
    // Packaging, its device, Pumping, Line A: End goes to the last row shown.
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: /Packaging/ }));
    await user.keyboard('{End}');
    const line = within(tree).getByRole('treeitem', { name: /Line A/ });
    expect(document.activeElement).toBe(line);
    await user.keyboard('{ArrowRight}');
    expect(line.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: /Pump P-101/ }));
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(line);
    await user.keyboard('{ArrowLeft}');
    expect(line.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(router)).toBe('/assets/LINE_A'));
    expect(await screen.findByRole('heading', { name: 'Line A', level: 1 })).toBeTruthy();
  });

  it('finds assets by name and shows where each sits', async () => {
    signInAs(viewerMe);
    plantServer(viewerMe);
    const { user } = renderApp('/assets');
    await screen.findByRole('tree', { name: 'Plant assets' });
    await user.type(screen.getByLabelText('Find an asset'), 'pump');
    const matches = await screen.findByRole('region', { name: /Matching/ });
    await waitFor(() => expect(within(matches).getByRole('link', { name: 'Pump P-101' })).toBeTruthy());
    expect(matches.textContent).toContain('North plant / Pumping / Line A');
  });
});

describe('asset page', { timeout: 20_000 }, () => {
  it('shows the status, children, devices and only the subtree’s open alerts', async () => {
    signInAs(viewerMe);
    plantServer(viewerMe);
    renderApp('/assets/AREA_1');

    expect(await screen.findByRole('heading', { name: 'Pumping', level: 1 })).toBeTruthy();
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(crumbs).getByRole('link', { name: 'North plant' }).getAttribute('href')).toBe(
      '/assets/NORTH',
    );
    const status = await screen.findByRole('region', { name: 'Status of everything under it' });
    expect(within(status).getByText('Warning')).toBeTruthy();
    expect(status.textContent).toContain('1 / 1');
    expect(status.textContent).toContain('1 warning');
    expect(
      within(screen.getByRole('tree', { name: 'Assets under Pumping' })).getByText('Line A'),
    ).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Devices (0 here, 1 in all)' })).toBeTruthy();
    const alerts = screen.getByRole('region', { name: 'Open alerts' });
    expect(await within(alerts).findByText('Vibration 7.4 mm/s on Cooling pump 1')).toBeTruthy();
    expect(within(alerts).queryByText('Temperature high in the hall')).toBeNull();
    // A rule on Line A's computed metric: the line is the subject, linked to its page.
    expect(within(alerts).getByText('Line A total power 130 kW > 120 kW')).toBeTruthy();
    expect(within(alerts).getByRole('link', { name: 'Line A' }).getAttribute('href')).toBe('/assets/LINE_A');
    expect(within(alerts).queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('lets an operator acknowledge an alert there, and follows alert changes live', async () => {
    signInAs(operatorMe);
    let acknowledged = false;
    const api = plantServer(operatorMe, {
      'POST /api/alerts/3/acknowledge': () => {
        acknowledged = true;
        return {
          body: makeAlert({
            id: 3,
            device_id: 'LINE_A',
            severity: 'critical',
            state: 'acknowledged',
            acknowledged_by: 'otto',
            acknowledged_at: new Date().toISOString(),
            message: 'Line A total power 130 kW > 120 kW',
          }),
        };
      },
    });
    const { user } = renderApp('/assets/AREA_1');
    const alerts = await screen.findByRole('region', { name: 'Open alerts' });
    await within(alerts).findByText('Line A total power 130 kW > 120 kW');
    expect(api.calls('GET', '/api/alerts').at(-1)?.query.get('asset_id')).toBe('AREA_1');
    await user.click(within(alerts).getByRole('button', { name: 'Acknowledge High temperature on LINE_A' }));
    await waitFor(() => expect(acknowledged).toBe(true));
    await waitFor(() =>
      expect(
        within(alerts).queryByRole('button', { name: 'Acknowledge High temperature on LINE_A' }),
      ).toBeNull(),
    );
    expect(
      within(alerts).getByRole('button', { name: 'Acknowledge High temperature on PUMP_001' }),
    ).toBeTruthy();

    // Alerts of the subtree raised and cleared elsewhere come and go live; others are not listed.
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toContain('fleet'));
    const before = api.calls('GET', '/api/alerts').length;
    act(() => {
      socket.serverEmit('alert', {
        change: 'raised',
        alert: makeAlert({ id: 9, device_id: 'TEMP_007', message: 'Hall too warm' }),
      });
      socket.serverEmit('alert', {
        change: 'raised',
        alert: makeAlert({ id: 10, device_id: 'PUMP_001', message: 'Pump running hot' }),
      });
    });
    expect(await within(alerts).findByText('Pump running hot')).toBeTruthy();
    expect(within(alerts).queryByText('Hall too warm')).toBeNull();
    act(() =>
      socket.serverEmit('alert', {
        change: 'cleared',
        alert: makeAlert({ id: 10, device_id: 'PUMP_001', state: 'cleared', message: 'Pump running hot' }),
      }),
    );
    await waitFor(() => expect(within(alerts).queryByText('Pump running hot')).toBeNull());
    expect(api.calls('GET', '/api/alerts')).toHaveLength(before);
  });

  it('says so when the asset does not exist', async () => {
    signInAs(viewerMe);
    plantServer(viewerMe, { 'GET /api/assets/GONE': errorReply(404, 'not_found', 'no asset GONE') });
    renderApp('/assets/GONE');
    expect(await screen.findByText('There is no asset GONE')).toBeTruthy();
  });

  it('refuses to delete an asset in use with the server’s reason, then detaches and deletes', async () => {
    signInAs(adminMe);
    let detached = false;
    const api = plantServer(adminMe, {
      'DELETE /api/assets/AREA_1': (request) => {
        if (request.query.get('cascade') !== 'detach')
          return errorReply(
            409,
            'conflict',
            'Pumping has 1 child asset; detach them or delete with cascade=detach',
          );
        detached = true;
        return { status: 204 };
      },
    });
    const { router, user } = renderApp('/assets/AREA_1');
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Delete Pumping?' })).getByRole('button', {
        name: 'Delete asset',
      }),
    );
    const inUse = await screen.findByRole('dialog', { name: 'Pumping is in use' });
    expect(inUse.textContent).toContain('Pumping has 1 child asset');
    await user.click(within(inUse).getByRole('button', { name: 'Detach and delete' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/assets/NORTH'));
    expect(detached).toBe(true);
    expect(api.calls('DELETE', '/api/assets/AREA_1')).toHaveLength(2);
  });

  it('adds a child asset with typed properties and tags', async () => {
    signInAs(adminMe);
    const api = plantServer(adminMe, {
      'POST /api/assets': (request) => ({
        status: 201,
        body: { asset: makeAsset(request.body as { id: string }) },
      }),
    });
    const { router, user } = renderApp('/assets/LINE_A');
    await user.click(await screen.findByRole('button', { name: 'Add child asset' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an asset' });
    await user.type(within(dialog).getByLabelText('Asset ID'), 'M_2');
    await user.type(within(dialog).getByLabelText('Name'), 'Pump P-102');
    await user.type(within(dialog).getByLabelText('Type'), 'machine');
    await user.type(within(dialog).getByLabelText(/Tags/), 'spare, pumps');
    await user.type(within(dialog).getByLabelText(/Properties/), 'power_kw = 75{Enter}broken line');
    await user.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    expect(within(dialog).getByText('Line 2: write name = value.')).toBeTruthy();
    expect(api.calls('POST', '/api/assets')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(/Properties/));
    await user.type(
      within(dialog).getByLabelText(/Properties/),
      'power_kw = 75{Enter}vendor = Grundfos{Enter}spare = true',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/assets/M_2'));
    expect(api.calls('POST', '/api/assets')[0]?.body).toEqual({
      id: 'M_2',
      name: 'Pump P-102',
      type: 'machine',
      parent_id: 'LINE_A',
      tags: ['spare', 'pumps'],
      properties: { power_kw: 75, vendor: 'Grundfos', spare: true },
    });
  });

  it('moves an asset, never offering its own subtree, and shows the server’s refusal', async () => {
    signInAs(adminMe);
    plantServer(adminMe, {
      'PATCH /api/assets/AREA_1': errorReply(400, 'validation_failed', 'an asset cannot be its own ancestor'),
    });
    const { user } = renderApp('/assets/AREA_1');
    await user.click(await screen.findByRole('button', { name: 'Edit or move' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Pumping' });
    const parent = within(dialog).getByLabelText(/Parent/);
    const offered = within(parent)
      .getAllByRole('option')
      .map((o) => o.textContent?.trim());
    expect(offered).toContain('Packaging (area)');
    expect(offered.some((o) => o?.startsWith('Line A') || o?.startsWith('Pumping'))).toBe(false);
    await user.selectOptions(parent, 'AREA_2');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('an asset cannot be its own ancestor')).toBeTruthy();
  });

  it('attaches a device and detaches one', async () => {
    signInAs(adminMe);
    const api = plantServer(adminMe, {
      'PATCH /api/devices/TEMP_007': { body: { device: devices[1] } },
      'PATCH /api/devices/PUMP_001': { body: { device: devices[0] } },
    });
    const { user } = renderApp('/assets/M_1');
    await user.click(await screen.findByRole('button', { name: 'Attach device' }));
    const dialog = screen.getByRole('dialog', { name: 'Attach a device to Pump P-101' });
    const select = await within(dialog).findByLabelText('Device');
    expect(
      within(select).getByRole('option', { name: /Hall temperature \(TEMP_007\) — now on Packaging/ }),
    ).toBeTruthy();
    await user.selectOptions(select, 'TEMP_007');
    await user.click(within(dialog).getByRole('button', { name: 'Attach device' }));
    await waitFor(() =>
      expect(api.calls('PATCH', '/api/devices/TEMP_007')[0]?.body).toEqual({ asset_id: 'M_1' }),
    );

    await user.click(await screen.findByRole('button', { name: 'Detach Cooling pump 1' }));
    await waitFor(() =>
      expect(api.calls('PATCH', '/api/devices/PUMP_001')[0]?.body).toEqual({ asset_id: null }),
    );
  });
});
