import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/alerting-fixtures';
import { makeAsset } from '../../test/asset-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { mockApi, type RecordedRequest } from '../../test/fetch-mock';
import { operatorMe, viewerMe } from '../../test/fixtures';
import { currentUrl, renderApp, signInAs } from '../../test/render-app';

const hot = makeAlert({ id: 7, rule_name: 'High temperature', device_id: 'DEVICE_001' });
const shaky = makeAlert({
  id: 8,
  rule_name: 'High vibration',
  device_id: 'DEVICE_002',
  metric: 'vibration',
  value: 0.61,
  severity: 'critical',
  group_id: 'flood-1',
});

function row(ruleName: string): HTMLElement {
  const tr = screen.getByText(ruleName, { selector: 'td strong' }).closest('tr');
  if (!tr) throw new Error(`no row for ${ruleName}`);
  return tr;
}

describe('alerts page', () => {
  it('acknowledges an alert: sends the POST and shows who acknowledged it', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot, shaky], total: 2 } },
      'POST /api/alerts/7/acknowledge': {
        body: { ...hot, state: 'acknowledged', acknowledged_by: 'otto', acknowledged_at: hot.started_at },
      },
    });
    const { user } = renderApp('/alerts');

    await screen.findByText('High temperature', { selector: 'td strong' });
    await user.click(within(row('High temperature')).getByRole('button', { name: /^Acknowledge/ }));

    expect(api.calls('POST', '/api/alerts/7/acknowledge')).toHaveLength(1);
    expect(await within(row('High temperature')).findByText('Acknowledged by otto')).toBeTruthy();
    expect(within(row('High temperature')).queryByRole('button', { name: /^Acknowledge/ })).toBeNull();
    expect(screen.getByText('High temperature on DEVICE_001 is acknowledged.')).toBeTruthy();
  });

  it("links an asset rule's alert to its asset, a device's to its device", async () => {
    signInAs(operatorMe);
    const lineAlert = makeAlert({
      id: 12,
      rule_name: 'Line overload',
      device_id: 'LINE_A',
      metric: 'total_power',
    });
    mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot, lineAlert], total: 2 } },
      'GET /api/assets': {
        body: { items: [makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line' })], total: 1 },
      },
    });
    renderApp('/alerts');
    await screen.findByText('Line overload', { selector: 'td strong' });
    const asset = await within(row('Line overload')).findByRole('link', { name: 'Line A' });
    expect(asset.getAttribute('href')).toBe('/assets/LINE_A');
    expect(
      within(row('High temperature')).getByRole('link', { name: 'DEVICE_001' }).getAttribute('href'),
    ).toBe('/devices/DEVICE_001');
  });

  it('shows a viewer the alerts but no buttons to act on them', async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/alerts': { body: { items: [hot, shaky], total: 2 } },
    });
    renderApp('/alerts');

    await screen.findByText('High temperature', { selector: 'td strong' });
    const table = screen.getByRole('table', { name: 'Alerts' });
    expect(within(table).queryByRole('button', { name: /Acknowledge|Resolve|Shelve/ })).toBeNull();
  });

  it('keeps the filters in the URL and sends them to the API', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [shaky], total: 1 } },
    });
    const { user, router } = renderApp('/alerts?severity=critical');

    await screen.findByText('High vibration', { selector: 'td strong' });
    await user.selectOptions(screen.getByLabelText('State'), 'open');
    await user.type(screen.getByLabelText('Device'), 'DEVICE_002');
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    expect(currentUrl(router)).toBe('/alerts?severity=critical&state=open&device=DEVICE_002');
    const last = api.calls('GET', '/api/alerts').at(-1) as RecordedRequest;
    expect(Object.fromEntries(last.query)).toEqual({
      state: 'active,acknowledged,shelved',
      severity: 'critical',
      device_id: 'DEVICE_002',
      limit: '25',
      offset: '0',
    });
  }, 20_000);

  it('shelves with a reason and a duration', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot], total: 1 } },
      'POST /api/alerts/7/shelve': {
        body: { ...hot, state: 'shelved', shelved_by: 'otto', shelve_reason: 'probe swap' },
      },
    });
    const { user } = renderApp('/alerts');

    await user.click(await screen.findByRole('button', { name: 'Shelve High temperature on DEVICE_001' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Shelve' }));
    expect(within(dialog).getByText('Say why, so the next shift knows.')).toBeTruthy();

    await user.selectOptions(within(dialog).getByLabelText('For how long'), '14400');
    await user.type(within(dialog).getByLabelText('Reason'), 'probe swap');
    await user.click(within(dialog).getByRole('button', { name: 'Shelve' }));

    expect(await within(row('High temperature')).findByText('Shelved by otto: probe swap')).toBeTruthy();
    expect(api.calls('POST', '/api/alerts/7/shelve')[0]?.body).toEqual({
      duration_s: 14400,
      reason: 'probe swap',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  }, 20_000);

  it('adds alerts raised live to the first page and updates the ones shown', async () => {
    signInAs(operatorMe);
    mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot], total: 1 } },
    });
    renderApp('/alerts');

    await screen.findByText('High temperature', { selector: 'td strong' });
    const socket = latestSocket();
    act(() => {
      socket.serverEmit('alert', { change: 'raised', alert: shaky });
      socket.serverEmit('alert', { change: 'cleared', alert: { ...hot, state: 'cleared' } });
    });

    expect(await screen.findByText('High vibration', { selector: 'td strong' })).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Alerts' })).getAllByRole('row');
    expect(rows[1]?.textContent).toMatch(/High vibration/);
    expect(within(row('High temperature')).getByText('Cleared')).toBeTruthy();
    expect(screen.getByText(/1–2 of 2 alerts/)).toBeTruthy();
  });

  it('groups floods, and shows the alerts of one flood', async () => {
    signInAs(operatorMe);
    const flood = {
      group_id: 'flood-1',
      alert_count: 6,
      severity: 'critical',
      device_ids: ['DEVICE_001', 'DEVICE_002', 'DEVICE_003', 'DEVICE_004', 'DEVICE_005', 'DEVICE_006'],
      rule_names: ['High vibration'],
      first_started_at: '2025-03-12T13:00:00.000Z',
      last_started_at: '2025-03-12T13:01:00.000Z',
    };
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': (request) =>
        request.query.get('group') === 'true'
          ? { body: { items: [shaky], total: 1, groups: [flood] } }
          : { body: { items: [shaky], total: 1 } },
    });
    const { user, router } = renderApp('/alerts?view=floods');

    const table = await screen.findByRole('table', { name: 'Alert floods' });
    expect(within(table).getByText('DEVICE_001, DEVICE_002, DEVICE_003 and 3 more')).toBeTruthy();
    await user.click(within(table).getByRole('button', { name: 'Show 6 alerts' }));

    expect(currentUrl(router)).toBe('/alerts?group=flood-1');
    expect(await screen.findByText('Showing the alerts of one flood.', { exact: false })).toBeTruthy();
    expect(api.calls('GET', '/api/alerts').at(-1)?.query.get('group_id')).toBe('flood-1');
  });

  it('acknowledges several selected alerts in one request and says how many', async () => {
    signInAs(operatorMe);
    const acked = (a: typeof hot) => ({
      ...a,
      state: 'acknowledged' as const,
      acknowledged_by: 'otto',
      acknowledged_at: a.started_at,
    });
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot, shaky], total: 2 } },
      'POST /api/alerts/bulk': {
        body: {
          results: [
            { id: 7, ok: true, alert: acked(hot) },
            { id: 8, ok: true, alert: acked(shaky) },
          ],
        },
      },
    });
    const { user } = renderApp('/alerts');

    await screen.findByText('High temperature', { selector: 'td strong' });
    expect(screen.queryByRole('toolbar', { name: 'Selected alerts' })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Select every open alert on this page' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected alerts' });
    expect(within(bar).getByText('2 alerts selected')).toBeTruthy();
    await user.click(within(bar).getByRole('button', { name: 'Acknowledge selected' }));

    const [call] = api.calls('POST', '/api/alerts/bulk');
    expect(call?.body).toEqual({ ids: [7, 8], action: 'acknowledge' });
    expect(await screen.findByText('2 alerts acknowledged.')).toBeTruthy();
    expect(within(row('High vibration')).getByText('Acknowledged by otto')).toBeTruthy();
    expect(screen.queryByRole('toolbar', { name: 'Selected alerts' })).toBeNull();
  });

  it('shows the comments on an alert and adds one', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/alerts': { body: { items: [hot], total: 1 } },
      'GET /api/alerts/7/comments': {
        body: {
          items: [
            { id: 1, alert_id: 7, author: 'ada', body: 'called the fitter', created_at: hot.started_at },
          ],
        },
      },
      'POST /api/alerts/7/comments': {
        body: { id: 2, alert_id: 7, author: 'otto', body: 'fitter on site', created_at: hot.started_at },
      },
    });
    const { user } = renderApp('/alerts');

    await screen.findByText('High temperature', { selector: 'td strong' });
    await user.click(screen.getByRole('button', { name: 'Comments on High temperature on DEVICE_001' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('called the fitter')).toBeTruthy();
    const field = within(dialog).getByLabelText('Add a comment');
    expect(field.getAttribute('maxlength')).toBe('2000');
    await user.type(field, 'fitter on site');
    await user.click(within(dialog).getByRole('button', { name: 'Add comment' }));
    expect(api.calls('POST', '/api/alerts/7/comments')[0]?.body).toEqual({ body: 'fitter on site' });
    expect(await within(dialog).findByText('fitter on site')).toBeTruthy();
  });
});
