import type { Report } from '@dtwin/contracts/reports';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAsset } from '../../test/asset-fixtures';
import { makeDevice, pumpModel } from '../../test/device-fixtures';
import { mockApi } from '../../test/fetch-mock';
import { viewerMe } from '../../test/fixtures';
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

describe('reports of an asset', { timeout: 20_000 }, () => {
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
});
