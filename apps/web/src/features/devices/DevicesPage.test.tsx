import type { Device } from '@dtwin/contracts/devices';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { latestSocket } from '../../test/fake-socket';
import { errorReply, mockApi, type RecordedRequest } from '../../test/fetch-mock';
import { adminMe, viewerMe } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';
import { makeDevice, makeTwin, pumpModel, sensorModel } from '../../test/device-fixtures';

const pump = makeDevice({ id: 'PUMP_001', name: 'Cooling pump 1' });
const sensor = makeDevice({
  id: 'TEMP_007',
  name: 'Hall temperature',
  model: 'temperature_sensor',
  location: { site: 'Plant 1', zone: 'Hall', x: 70, y: 60 },
  connectivity: 'offline',
  last_seen: new Date(Date.now() - 10 * 60_000).toISOString(),
});

function devicesServer(who = adminMe, devices: Device[] = [pump, sensor]) {
  const list = (request: RecordedRequest) => {
    const q = request.query.get('q')?.toLowerCase();
    const condition = request.query.get('condition');
    const items = devices.filter(
      (d) => (!q || d.name.toLowerCase().includes(q)) && (!condition || d.condition === condition),
    );
    return { body: { items, total: items.length } };
  };
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/models': { body: { items: [pumpModel, sensorModel], total: 2 } },
    'GET /api/devices': list,
    'POST /api/devices': (request) => {
      const body = request.body as { id: string; name: string; model: string };
      return { status: 201, body: { device: makeDevice(body), token: 'dt_secret-token-123' } };
    },
    'DELETE /api/devices/TEMP_007': { status: 204 },
  });
}

function row(name: string): HTMLElement {
  const tr = screen.getByRole('link', { name }).closest('tr');
  if (!tr) throw new Error(`no row for ${name}`);
  return tr;
}

// Typing in dialogs is slow under jsdom on a busy machine; the default 5 s is too tight.
describe('devices page', { timeout: 20_000 }, () => {
  it('lists devices with model, zone, connectivity, condition and a stale last seen', async () => {
    signInAs(adminMe);
    devicesServer();
    renderApp('/devices');

    expect(await screen.findByRole('link', { name: 'Cooling pump 1' }, { timeout: 5000 })).toBeTruthy();
    const pumpRow = row('Cooling pump 1');
    expect(within(pumpRow).getByText('PUMP_001')).toBeTruthy();
    expect(within(pumpRow).getByText('Centrifugal pump')).toBeTruthy();
    expect(within(pumpRow).getByText('Plant 1 · Pumps')).toBeTruthy();
    expect(within(pumpRow).getByText('Online')).toBeTruthy();
    expect(within(pumpRow).getByText('Normal')).toBeTruthy();
    const sensorRow = row('Hall temperature');
    expect(within(sensorRow).getByText('Offline')).toBeTruthy();
    expect(within(sensorRow).getByText(/10 min ago/)).toBeTruthy();
    expect(within(sensorRow).getByText(/stale/)).toBeTruthy();
  });

  it('puts the filters in the URL and in the request', async () => {
    signInAs(adminMe);
    const api = devicesServer();
    const { user, router } = renderApp('/devices?zone=Pumps');

    await screen.findByRole('link', { name: 'Cooling pump 1' });
    expect(api.calls('GET', '/api/devices')[0]?.query.get('zone')).toBe('Pumps');

    await user.selectOptions(screen.getByLabelText('Condition'), 'critical');
    await waitFor(() => expect(currentUrl(router)).toBe('/devices?zone=Pumps&condition=critical'));
    await waitFor(() =>
      expect(api.calls('GET', '/api/devices').at(-1)?.query.get('condition')).toBe('critical'),
    );
    expect(await screen.findByText('No devices match these filters')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByRole('link', { name: 'Cooling pump 1' });
    const before = api.calls('GET', '/api/devices').length;
    await user.type(screen.getByLabelText('Search'), 'cool');
    // Typing is debounced: one request for the whole word, not one per key.
    await waitFor(() => expect(currentUrl(router)).toBe('/devices?q=cool'));
    await waitFor(() => expect(api.calls('GET', '/api/devices').at(-1)?.query.get('q')).toBe('cool'));
    expect(api.calls('GET', '/api/devices').length).toBe(before + 1);
    expect(screen.queryByRole('link', { name: 'Hall temperature' })).toBeNull();
  });

  it('updates rows live from the fleet room', async () => {
    signInAs(adminMe);
    devicesServer();
    renderApp('/devices');
    await screen.findByRole('link', { name: 'Hall temperature' });
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toEqual(['fleet']));

    const now = new Date().toISOString();
    act(() => {
      socket.serverEmit(
        'twin',
        makeTwin({ device_id: 'TEMP_007', connectivity: 'online', condition: 'critical', last_seen: now }),
      );
    });
    await waitFor(() => expect(within(row('Hall temperature')).getByText('Critical')).toBeTruthy());
    expect(within(row('Hall temperature')).getByText('Online')).toBeTruthy();
    expect(within(row('Hall temperature')).queryByText(/stale/)).toBeNull();
  });

  it('shows the connection state and fetches the list again after a reconnection', async () => {
    signInAs(adminMe);
    const api = devicesServer();
    renderApp('/devices');
    await screen.findByRole('link', { name: 'Hall temperature' }, { timeout: 5000 });
    const socket = latestSocket();
    await waitFor(() => expect(screen.getByText('Live')).toBeTruthy());
    const fetches = api.calls('GET', '/api/devices').length;

    act(() => socket.serverDrop());
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
    act(() => socket.serverConnect());
    await waitFor(() => expect(api.calls('GET', '/api/devices').length).toBe(fetches + 1));
    expect(screen.getByText('Live')).toBeTruthy();
    expect(socket.count('subscribe', 'fleet')).toBe(2);
  });

  it('lets an admin add a device and shows its token once', async () => {
    signInAs(adminMe);
    const api = devicesServer();
    const { user } = renderApp('/devices');
    await screen.findByRole('link', { name: 'Cooling pump 1' });

    await user.click(screen.getByRole('button', { name: 'Add device' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a device' });
    await user.type(within(dialog).getByLabelText('Device ID'), 'PUMP_002');
    await user.type(within(dialog).getByLabelText('Name'), 'Spare pump');
    await user.type(within(dialog).getByLabelText(/Zone/), 'Pumps');
    await user.type(within(dialog).getByLabelText(/Floor-plan x/), '45');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));

    const done = await screen.findByRole('dialog', { name: 'Spare pump was added' });
    expect(within(done).getByDisplayValue('dt_secret-token-123')).toBeTruthy();
    expect(within(done).getByText(/shown only once/)).toBeTruthy();
    expect(within(done).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(api.calls('POST', '/api/devices')[0]?.body).toEqual({
      id: 'PUMP_002',
      name: 'Spare pump',
      model: 'centrifugal_pump',
      location: { site: '', zone: 'Pumps', x: 45, y: null },
    });

    await user.click(within(done).getByRole('button', { name: 'I have copied the token' }));
    expect(screen.queryByDisplayValue('dt_secret-token-123')).toBeNull();
    expect(screen.getByText('Spare pump (PUMP_002) was added.')).toBeTruthy();
  });

  it('bounds every field of the add-device form and words a refusal for people', async () => {
    signInAs(adminMe);
    devicesServer();
    const { user } = renderApp('/devices');
    await screen.findByRole('link', { name: 'Cooling pump 1' });
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a device' });
    const limits = Object.fromEntries(
      ['Device ID', 'Name', /Site/, /Zone/, /Floor-plan x/, /Floor-plan y/].map((label) => [
        String(label),
        within(dialog).getByLabelText(label).getAttribute('maxlength'),
      ]),
    );
    expect(limits).toEqual({
      'Device ID': '64',
      Name: '120',
      '/Site/': '120',
      '/Zone/': '120',
      '/Floor-plan x/': '8',
      '/Floor-plan y/': '8',
    });
    await user.type(within(dialog).getByLabelText('Device ID'), 'PUMP_003');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    expect(await within(dialog).findByText('Enter a name.')).toBeTruthy();
    expect(within(dialog).queryByText(/Too small|expected string/)).toBeNull();
  });

  it('asks before an admin deletes a device', async () => {
    signInAs(adminMe);
    const api = devicesServer();
    const { user } = renderApp('/devices');
    await screen.findByRole('link', { name: 'Hall temperature' });

    await user.click(screen.getByRole('button', { name: 'Delete TEMP_007' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete TEMP_007?' });
    expect(api.calls('DELETE', '/api/devices/TEMP_007')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    expect(await screen.findByText(/Hall temperature \(TEMP_007\) was deleted/)).toBeTruthy();
    expect(api.calls('DELETE', '/api/devices/TEMP_007')).toHaveLength(1);
  });

  it('shows a viewer no add or delete buttons', async () => {
    signInAs(viewerMe);
    devicesServer(viewerMe);
    renderApp('/devices');
    await screen.findByRole('link', { name: 'Cooling pump 1' });
    expect(screen.queryByRole('button', { name: 'Add device' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
  });

  it('says so in words when there are no devices', async () => {
    signInAs(viewerMe);
    devicesServer(viewerMe, []);
    renderApp('/devices');
    expect(await screen.findByText('No devices yet')).toBeTruthy();
  });

  it('shows the error when the list cannot be loaded', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/models': { body: { items: [], total: 0 } },
      'GET /api/devices': errorReply(503, 'unavailable', 'The database is not reachable.'),
    });
    renderApp('/devices');
    expect(await screen.findByText('Could not load the devices')).toBeTruthy();
    expect(screen.getByText('The database is not reachable.')).toBeTruthy();
  });
});
