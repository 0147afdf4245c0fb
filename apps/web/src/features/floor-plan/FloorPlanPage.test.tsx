import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { latestSocket } from '../../test/fake-socket';
import { mockApi } from '../../test/fetch-mock';
import { viewerMe } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';
import { makeAsset } from '../../test/asset-fixtures';
import { makeDevice, makeTwin } from '../../test/device-fixtures';
import { planLabel } from './FloorPlan';

const at = (site: string, zone: string, x: number | null, y: number | null) => ({ site, zone, x, y });
const devices = [
  makeDevice({ id: 'P1', name: 'Cooling pump P-101', location: at('North', 'Pump house', 10, 10) }),
  makeDevice({
    id: 'P2',
    name: 'Spare pump P-102',
    condition: 'warning',
    location: at('North', 'Pump house', 20, 10),
  }),
  makeDevice({
    id: 'C1',
    name: 'Compressor C-301',
    condition: 'critical',
    location: at('North', 'Air', 10, 60),
  }),
  makeDevice({
    id: 'M1',
    name: 'Motor M-201',
    condition: 'maintenance',
    location: at('North', 'Line A', 60, 20),
  }),
  makeDevice({
    id: 'T1',
    name: 'Temperature TT-401',
    connectivity: 'offline',
    location: at('North', 'Line A', 70, 20),
  }),
  makeDevice({ id: 'S1', name: 'South sensor', location: at('South', 'Yard', 50, 50) }),
  makeDevice({ id: 'U1', name: 'Unplaced sensor', location: at('North', 'Line A', null, null) }),
];

function marker(id: string): Element {
  const element = document.querySelector(`[data-device="${id}"]`);
  if (!element) throw new Error(`no marker for ${id}`);
  return element;
}

describe('floor plan', { timeout: 20_000 }, () => {
  it('places devices and colours them by condition, dimming the offline ones', async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: devices, total: devices.length } },
    });
    renderApp('/floor-plan?site=North');

    expect(
      await screen.findByRole('group', { name: /Floor plan with 5 devices/ }, { timeout: 5000 }),
    ).toBeTruthy();
    expect(marker('P1').getAttribute('class')).toContain('fp-device--normal');
    expect(marker('P2').getAttribute('class')).toContain('fp-device--warning');
    expect(marker('C1').getAttribute('class')).toContain('fp-device--critical');
    expect(marker('M1').getAttribute('class')).toContain('fp-device--maintenance');
    expect(marker('T1').getAttribute('class')).toContain('fp-device--offline');
    expect(marker('P1').getAttribute('class')).not.toContain('fp-device--offline');
    expect(marker('C1').getAttribute('aria-label')).toBe('Compressor C-301 (C1): Critical, online');
    // The other site is not drawn; a device without a position is listed, not guessed onto the plan.
    expect(document.querySelector('[data-device="S1"]')).toBeNull();
    expect(screen.getByText('Not on the plan (1)')).toBeTruthy();
    expect(screen.getByText('Pump house (2)')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toContain('Offline (dimmed)');
  });

  it('recolours a device live from the fleet room', async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: devices, total: devices.length } },
    });
    renderApp('/floor-plan?site=North');
    await screen.findByRole('group', { name: /Floor plan/ }, { timeout: 5000 });
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toEqual(['fleet']));

    act(() =>
      socket.serverEmit(
        'twin',
        makeTwin({ device_id: 'P1', condition: 'critical', connectivity: 'offline' }),
      ),
    );
    await waitFor(() => expect(marker('P1').getAttribute('class')).toContain('fp-device--critical'));
    expect(marker('P1').getAttribute('class')).toContain('fp-device--offline');
  });

  it('opens the device page on a click and filters by site', async () => {
    signInAs(viewerMe);
    const api = mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: devices, total: devices.length } },
      'GET /api/models': { body: { items: [], total: 0 } },
      'GET /api/devices/C1': { body: { device: devices[2] } },
    });
    const { user, router } = renderApp('/floor-plan');
    await screen.findByRole('group', { name: /Floor plan with 6 devices/ }, { timeout: 5000 });
    await user.selectOptions(screen.getByLabelText('Site'), 'South');
    expect(currentUrl(router)).toBe('/floor-plan?site=South');
    expect(screen.getByRole('group', { name: /Floor plan with 1 devices/ })).toBeTruthy();
    // The site filter needs no new request: every device was fetched once.
    expect(api.calls('GET', '/api/devices')).toHaveLength(1);

    await user.selectOptions(screen.getByLabelText('Site'), 'North');
    await user.click(marker('C1'));
    expect(currentUrl(router)).toBe('/devices/C1');
  });

  it('filters by asset: the chosen asset and everything under it', async () => {
    signInAs(viewerMe);
    const attached = devices.map((d) => ({
      ...d,
      asset_id: d.id === 'P1' ? 'PUMP_HOUSE' : d.id === 'C1' ? 'AIR' : d.id === 'S1' ? 'SOUTH' : null,
    }));
    const api = mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: attached, total: attached.length } },
      'GET /api/assets': {
        body: {
          items: [
            makeAsset({ id: 'NORTH', name: 'North plant', type: 'site' }),
            makeAsset({ id: 'PUMP_HOUSE', name: 'Pump house', type: 'area', parent_id: 'NORTH' }),
            makeAsset({ id: 'AIR', name: 'Air', type: 'area', parent_id: 'NORTH' }),
            makeAsset({ id: 'SOUTH', name: 'South yard', type: 'site' }),
          ],
          total: 4,
        },
      },
    });
    const { user, router } = renderApp('/floor-plan?site=North');
    await screen.findByRole('group', { name: /Floor plan with 5 devices/ }, { timeout: 5000 });
    const picker = screen.getByLabelText('Asset');
    await waitFor(() =>
      expect(within(picker).getByRole('option', { name: /Pump house \(area\)/ })).toBeTruthy(),
    );
    await user.selectOptions(picker, 'NORTH');
    expect(currentUrl(router)).toBe('/floor-plan?site=North&asset=NORTH');
    expect(screen.getByRole('group', { name: /Floor plan with 2 devices/ })).toBeTruthy();
    expect(document.querySelector('[data-device="P1"]')).not.toBeNull();
    expect(document.querySelector('[data-device="P2"]')).toBeNull();
    await user.selectOptions(picker, 'AIR');
    expect(screen.getByRole('group', { name: /Floor plan with 1 devices/ })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Site'), 'South');
    expect(await screen.findByText('No devices under Air at South')).toBeTruthy();
    expect(api.calls('GET', '/api/devices')).toHaveLength(1);
  });

  it('labels markers with the equipment tag when the name ends with one', () => {
    expect(planLabel('Cooling water pump P-101')).toBe('P-101');
    expect(planLabel('Temperature sensor TT-401')).toBe('TT-401');
    expect(planLabel('Boiler')).toBe('Boiler');
    expect(planLabel('A very long device name without tag')).toBe('A very long dev…');
  });
});
