import type { ReportSchedule } from '@dtwin/contracts/report-schedules';
import type { Report } from '@dtwin/contracts/reports';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeChannel } from '../../test/alerting-fixtures';
import { makeAsset } from '../../test/asset-fixtures';
import { makeDevice, pumpModel } from '../../test/device-fixtures';
import { mockApi } from '../../test/fetch-mock';
import { captureSaves, serveFiles } from '../../test/file-fixtures';
import { adminMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const pump = makeDevice({ id: 'PUMP_7', name: 'Cooling pump 7' });

const narrowed: Report = {
  id: 'rep_2',
  scope: 'fleet',
  asset_id: 'LINE_A',
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-27T00:00:00.000Z',
  format: 'pdf',
  file_name: 'digital-twin-fleet-2026-11-27.pdf',
  size: 48_000,
  created_by: 'vera',
  created_at: '2026-11-27T08:00:00.000Z',
  download_url: '/api/reports/rep_2/download',
};

const assets = {
  items: [
    makeAsset({ id: 'SITE', name: 'Riverside', type: 'site' }),
    makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line', parent_id: 'SITE' }),
  ],
  total: 2,
};

const lineASchedule: ReportSchedule = {
  id: 5,
  name: 'Line A weekly',
  scope: 'fleet',
  asset_id: 'LINE_A',
  period_days: 7,
  format: 'pdf',
  frequency: 'weekly',
  time: '07:00',
  weekday: 1,
  day_of_month: null,
  time_zone: 'UTC',
  channel_id: 4,
  enabled: true,
  next_run_at: '2026-12-14T07:00:00.000Z',
  created_by: 'ada',
  created_at: '2026-12-07T08:00:00.000Z',
  last_run: null,
};

describe('reports of an asset', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('narrows a fleet report to an asset and names it among the recent reports', async () => {
    signInAs(viewerMe);
    const api = mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: [pump], total: 1 } },
      'GET /api/models': { body: { items: [pumpModel], total: 1 } },
      'GET /api/report-schedules': { body: { items: [] } },
      'GET /api/reports': { body: { items: [narrowed] } },
      'GET /api/assets': {
        body: {
          items: [
            makeAsset({ id: 'SITE', name: 'Riverside', type: 'site' }),
            makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line', parent_id: 'SITE' }),
          ],
          total: 2,
        },
      },
      'POST /api/reports': { status: 202, body: { job_id: 'job_1' } },
      'GET /api/jobs/job_1': {
        body: {
          id: 'job_1',
          type: 'report.generate',
          status: 'running',
          progress: 0.1,
          attempts: 0,
          created_at: '2026-11-27T08:00:00.000Z',
          updated_at: '2026-11-27T08:00:00.000Z',
        },
      },
    });
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Create a health report' });
    const asset = within(form).getByLabelText('Asset');
    await within(asset).findByRole('option', { name: /Line A \(line\)/ });
    await user.selectOptions(asset, 'LINE_A');
    await user.click(within(form).getByRole('button', { name: 'Create report' }));
    await screen.findByRole('progressbar', { name: /Progress of the report: Line A, PDF/ });
    expect(api.calls('POST', '/api/reports')[0]?.body).toMatchObject({ scope: 'fleet', asset_id: 'LINE_A' });
    expect(await screen.findByText('Asset Line A (LINE_A)')).toBeTruthy();

    // A device report is about the device alone: the asset no longer applies.
    await user.selectOptions(within(form).getByLabelText('Scope'), 'PUMP_7');
    expect((asset as HTMLSelectElement).disabled).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Create report' }));
    await waitFor(() => expect(api.calls('POST', '/api/reports')).toHaveLength(2));
    expect(api.calls('POST', '/api/reports')[1]?.body).not.toHaveProperty('asset_id');
  });

  it('schedules a report for an asset and names the asset in the list', async () => {
    signInAs(adminMe);
    let schedules: ReportSchedule[] = [];
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/devices': { body: { items: [pump], total: 1 } },
      'GET /api/models': { body: { items: [pumpModel], total: 1 } },
      'GET /api/reports': { body: { items: [] } },
      'GET /api/assets': { body: assets },
      'GET /api/report-schedules': () => ({ body: { items: schedules } }),
      'GET /api/channels': {
        body: { items: [makeChannel({ id: 4, name: 'Line managers', type: 'email' })], total: 1 },
      },
      'POST /api/report-schedules': () => {
        schedules = [lineASchedule];
        return { status: 201, body: lineASchedule };
      },
    });
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Schedule a report' });
    const asset = within(form).getByLabelText('Asset');
    await within(asset).findByRole('option', { name: /Line A \(line\)/ });

    // A device schedule is about the device alone: the asset does not apply to it.
    await user.selectOptions(within(form).getByLabelText('Report on'), 'PUMP_7');
    expect((asset as HTMLSelectElement).disabled).toBe(true);
    await user.selectOptions(within(form).getByLabelText('Report on'), '');
    await user.selectOptions(asset, 'LINE_A');
    await user.type(within(form).getByLabelText('Name'), 'Line A weekly');
    await user.click(within(form).getByRole('button', { name: 'Schedule report' }));

    await waitFor(() => expect(api.calls('POST', '/api/report-schedules')).toHaveLength(1));
    expect(api.calls('POST', '/api/report-schedules')[0]?.body).toMatchObject({
      name: 'Line A weekly',
      scope: 'fleet',
      asset_id: 'LINE_A',
    });
    const table = await screen.findByRole('table', { name: 'Report schedules' });
    expect(within(table).getByText('Asset Line A (LINE_A)')).toBeTruthy();
  });

  it('shows why a schedule for an asset was refused', async () => {
    signInAs(adminMe);
    mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/devices': { body: { items: [pump], total: 1 } },
      'GET /api/models': { body: { items: [pumpModel], total: 1 } },
      'GET /api/reports': { body: { items: [] } },
      'GET /api/assets': { body: assets },
      'GET /api/report-schedules': { body: { items: [] } },
      'GET /api/channels': {
        body: { items: [makeChannel({ id: 4, name: 'Line managers', type: 'email' })], total: 1 },
      },
      'POST /api/report-schedules': {
        status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: "no asset 'LINE_A'",
            fields: { asset_id: "'LINE_A' is not a known asset" },
          },
        },
      },
    });
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Schedule a report' });
    const asset = within(form).getByLabelText('Asset');
    await within(asset).findByRole('option', { name: /Line A \(line\)/ });
    await user.selectOptions(asset, 'LINE_A');
    await user.type(within(form).getByLabelText('Name'), 'Line A weekly');
    await user.click(within(form).getByRole('button', { name: 'Schedule report' }));
    expect(await within(form).findByText("'LINE_A' is not a known asset")).toBeTruthy();
  });

  it("exports the telemetry of an asset's devices", async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/devices': { body: { items: [pump], total: 1 } },
      'GET /api/models': { body: { items: [pumpModel], total: 1 } },
      'GET /api/reports': { body: { items: [] } },
      'GET /api/report-schedules': { body: { items: [] } },
      'GET /api/assets': { body: assets },
    });
    let query: URLSearchParams | null = null;
    serveFiles({
      'GET /api/export': (url) => {
        query = url.searchParams;
        return new Response('device_id,metric,ts,value\nPUMP_7,flow,2026-11-27T08:00:00.000Z,55\n', {
          headers: { 'Content-Type': 'text/csv; charset=utf-8', 'X-Total-Count': '1' },
        });
      },
    });
    const saved = captureSaves();
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Export telemetry' });
    const asset = within(form).getByLabelText('Asset');
    await within(asset).findByRole('option', { name: /Line A \(line\)/ });
    await user.selectOptions(asset, 'LINE_A');
    await user.click(within(form).getByRole('button', { name: 'Export' }));
    expect(await within(form).findByText('Exported 1 rows.')).toBeTruthy();
    expect(saved).toHaveLength(1);
    expect(query!.get('asset_id')).toBe('LINE_A');
    expect(query!.has('device_id')).toBe(false);
  });
});
