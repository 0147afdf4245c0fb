import type { Job } from '@dtwin/contracts/jobs';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { Report } from '@dtwin/contracts/reports';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDevice, makeMetric, pumpModel as basePumpModel } from '../../test/device-fixtures';
import { errorReply, mockApi, type Route } from '../../test/fetch-mock';
import { makeChannel } from '../../test/alerting-fixtures';
import { adminMe, viewerMe } from '../../test/fixtures';
import { captureSaves, readText, serveFiles } from '../../test/file-fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const pump = makeDevice({
  id: 'PUMP_7',
  name: 'Cooling pump 7',
  location: { site: 'Plant 1', zone: 'Hall 3', x: null, y: null },
  last_seen: null,
  created_at: '2026-01-01T00:00:00.000Z',
});

const pumpModel: DeviceModel = {
  ...basePumpModel,
  description: '',
  properties: [],
  metrics: [
    makeMetric('vibration', 'Vibration', 'mm/s', [0.5, 2.8], [0, 7.1], 'high', 10),
    makeMetric('flow', 'Flow', 'm³/h', [40, 80], [20, 100], 'low', 10),
  ],
};

const report: Report = {
  id: 'rep_1',
  scope: { device_id: 'PUMP_7' },
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-27T00:00:00.000Z',
  format: 'pdf',
  file_name: 'digital-twin-PUMP_7-2026-11-27.pdf',
  size: 48_000,
  created_by: 'vera',
  created_at: '2026-11-27T08:00:00.000Z',
  download_url: '/api/reports/rep_1/download',
};

const job = (overrides: Partial<Job>): Job => ({
  id: 'job_1',
  type: 'report.generate',
  status: 'queued',
  progress: 0,
  attempts: 0,
  created_at: '2026-11-27T08:00:00.000Z',
  updated_at: '2026-11-27T08:00:00.000Z',
  ...overrides,
});

function baseRoutes(extra: Record<string, Route>): Record<string, Route> {
  return {
    'GET /api/whoami': { body: viewerMe },
    'GET /api/devices': { body: { items: [pump], total: 1 } },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/reports': { body: { items: [] } },
    'GET /api/report-schedules': { body: { items: [] } },
    'GET /api/assets': { body: { items: [], total: 0 } },
    ...extra,
  };
}

describe('reports page', () => {
  beforeEach(() => {
    signInAs(viewerMe);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  // Real time: the page polls the job every second.
  it(
    'starts a report, follows its progress and downloads it when it is ready',
    { timeout: 15_000 },
    async () => {
      const states = [
        job({}),
        job({ status: 'running', progress: 0.4 }),
        job({
          status: 'succeeded',
          progress: 1,
          result: { report_id: 'rep_1', download_url: '/api/reports/rep_1/download' },
        }),
      ];
      let listed = 0;
      const api = mockApi(
        baseRoutes({
          'POST /api/reports': { status: 202, body: { job_id: 'job_1' } },
          'GET /api/jobs/job_1': () => ({ body: states.length > 1 ? states.shift() : states[0] }),
          'GET /api/reports': () => ({ body: { items: listed++ === 0 ? [] : [report] } }),
        }),
      );
      serveFiles({
        'GET /api/reports/rep_1/download': () =>
          new Response('%PDF-1.3 report', {
            headers: {
              'Content-Type': 'application/pdf',
              'Content-Disposition': 'attachment; filename="digital-twin-PUMP_7-2026-11-27.pdf"',
            },
          }),
      });
      const saved = captureSaves();
      const { user } = renderApp('/reports');

      expect(await screen.findByText('No reports yet')).toBeTruthy();
      const form = screen.getByRole('form', { name: 'Create a health report' });
      await within(form).findByRole('option', { name: 'Cooling pump 7 (PUMP_7)' });
      await user.selectOptions(within(form).getByLabelText('Scope'), 'PUMP_7');
      await user.selectOptions(within(form).getByLabelText('Period'), '24h');
      await user.selectOptions(within(form).getByLabelText('Format'), 'pdf');
      await user.click(within(form).getByRole('button', { name: 'Create report' }));

      const body = api.calls('POST', '/api/reports')[0]?.body as {
        scope: unknown;
        from: string;
        to: string;
        format: string;
      };
      expect(body.scope).toEqual({ device_id: 'PUMP_7' });
      expect(body.format).toBe('pdf');
      expect(Date.parse(body.to) - Date.parse(body.from)).toBe(86_400_000);

      const bar = await screen.findByRole('progressbar', {
        name: /Progress of the report: Cooling pump 7, PDF/,
      });
      await waitFor(() => expect(bar.getAttribute('value')).toBe('0.4'), { timeout: 3000 });
      expect(screen.getByText('40 %')).toBeTruthy();

      await user.click(await screen.findByRole('button', { name: 'Download' }, { timeout: 3000 }));
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0]!.name).toBe('digital-twin-PUMP_7-2026-11-27.pdf');
      expect(await readText(saved[0]!.blob)).toBe('%PDF-1.3 report');
      // The finished report joins the list.
      const table = await screen.findByRole('table', { name: 'Recent reports' });
      expect(within(table).getByText('Cooling pump 7 (PUMP_7)')).toBeTruthy();
    },
  );

  it('says in words why a report could not be made', async () => {
    mockApi(
      baseRoutes({
        'POST /api/reports': { status: 202, body: { job_id: 'job_1' } },
        'GET /api/jobs/job_1': { body: job({ status: 'failed', error: 'no device PUMP_7' }) },
      }),
    );
    const { user } = renderApp('/reports');
    await user.click(await screen.findByRole('button', { name: 'Create report' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The report could not be made');
    expect(alert.textContent).toContain('no device PUMP_7');
  });

  it('refuses a custom range that ends before it starts, and shows the server refusing a request', async () => {
    const api = mockApi(
      baseRoutes({
        'POST /api/reports': errorReply(429, 'rate_limited', 'you already have 3 reports in progress'),
      }),
    );
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Create a health report' });
    await user.selectOptions(within(form).getByLabelText('Period'), 'custom');
    await user.type(within(form).getByLabelText('From'), '2026-11-27T10:00');
    await user.type(within(form).getByLabelText('To'), '2026-11-27T09:00');
    await user.click(within(form).getByRole('button', { name: 'Create report' }));
    expect(await within(form).findByText('The end of the range must be after its start.')).toBeTruthy();
    expect(api.calls('POST', '/api/reports')).toHaveLength(0);

    await user.selectOptions(within(form).getByLabelText('Period'), '7d');
    await user.click(within(form).getByRole('button', { name: 'Create report' }));
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'you already have 3 reports in progress',
    );
  });

  it('exports telemetry, counting rows as they arrive, and saves the file', async () => {
    mockApi(baseRoutes({}));
    let release: () => void = () => {};
    const waiting = new Promise<void>((resolve) => (release = resolve));
    let query: URLSearchParams | null = null;
    serveFiles({
      'GET /api/export': (url) => {
        query = url.searchParams;
        const encoder = new TextEncoder();
        const stream = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(
              encoder.encode('device_id,metric,ts,value\nPUMP_7,flow,2026-11-27T08:00:00.000Z,55\n'),
            );
            await waiting;
            controller.enqueue(
              encoder.encode(
                'PUMP_7,flow,2026-11-27T08:00:10.000Z,56\nPUMP_7,flow,2026-11-27T08:00:20.000Z,57\n',
              ),
            );
            controller.close();
          },
        });
        return new Response(stream, {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="digital-twin-telemetry-2026-11-27.csv"',
            'X-Total-Count': '3',
          },
        });
      },
    });
    const saved = captureSaves();
    const { user } = renderApp('/reports');

    const form = await screen.findByRole('form', { name: 'Export telemetry' });
    await within(form).findByRole('option', { name: 'Cooling pump 7 (PUMP_7)' });
    await user.selectOptions(within(form).getByLabelText('Device'), 'PUMP_7');
    await user.selectOptions(within(form).getByLabelText('Metric'), 'flow');
    await user.selectOptions(within(form).getByLabelText('Resolution'), '1m');
    await user.click(within(form).getByRole('button', { name: 'Export' }));

    expect(await within(form).findByText('1 of 3 rows')).toBeTruthy();
    expect(within(form).getByRole('progressbar', { name: 'Export progress' }).getAttribute('value')).toBe(
      String(1 / 3),
    );
    release();
    expect(await within(form).findByText('Exported 3 rows.')).toBeTruthy();
    expect(saved.map((s) => s.name)).toEqual(['digital-twin-telemetry-2026-11-27.csv']);
    expect((await readText(saved[0]!.blob)).split('\n')).toHaveLength(5);
    expect(Object.fromEntries(query!)).toMatchObject({
      device_id: 'PUMP_7',
      metric: 'flow',
      step: '1m',
      format: 'csv',
    });
  });

  it('shows why an export was refused', async () => {
    mockApi(baseRoutes({}));
    serveFiles({
      'GET /api/export': () =>
        new Response(JSON.stringify({ error: { code: 'not_found', message: "no device 'PUMP_7'" } }), {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
        }),
    });
    const { user } = renderApp('/reports');
    const form = await screen.findByRole('form', { name: 'Export telemetry' });
    await user.click(within(form).getByRole('button', { name: 'Export' }));
    expect((await within(form).findByRole('alert')).textContent).toContain("no device 'PUMP_7'");
  });

  it(
    'schedules a weekly report mailed through an e-mail channel, and shows its runs',
    { timeout: 20_000 },
    async () => {
      signInAs(adminMe);
      const created = {
        id: 3,
        name: 'Weekly plant report',
        scope: 'fleet',
        period_days: 7,
        format: 'pdf',
        frequency: 'weekly',
        time: '07:00',
        weekday: 1,
        day_of_month: null,
        time_zone: 'Europe/Berlin',
        channel_id: 4,
        enabled: true,
        next_run_at: '2026-12-14T06:00:00.000Z',
        created_by: 'ada',
        created_at: '2026-12-07T08:00:00.000Z',
        last_run: {
          id: 9,
          schedule_id: 3,
          status: 'sent',
          started_at: '2026-12-07T08:01:00.000Z',
          finished_at: '2026-12-07T08:01:05.000Z',
          report_id: 'rep_1',
          error: null,
        },
      };
      let schedules: unknown[] = [];
      const api = mockApi(
        baseRoutes({
          'GET /api/whoami': { body: adminMe },
          'GET /api/report-schedules': () => ({ body: { items: schedules } }),
          'GET /api/channels': {
            body: {
              items: [
                makeChannel({ id: 2, name: 'Slack', type: 'slack' }),
                makeChannel({ id: 4, name: 'Plant managers', type: 'email' }),
              ],
              total: 2,
            },
          },
          'POST /api/report-schedules': () => {
            schedules = [created];
            return { status: 201, body: created };
          },
          'GET /api/report-schedules/3/runs': { body: { items: [created.last_run] } },
        }),
      );
      const { user } = renderApp('/reports');
      const form = await screen.findByRole('form', { name: 'Schedule a report' });
      expect(within(form).getByLabelText('Name').getAttribute('maxlength')).toBe('120');
      expect(within(form).getByLabelText('Mail through').textContent).toBe('Plant managers');
      await user.type(within(form).getByLabelText('Name'), 'Weekly plant report');
      await user.clear(within(form).getByLabelText('Time zone'));
      await user.type(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
      await user.click(within(form).getByRole('button', { name: 'Schedule report' }));

      expect(api.calls('POST', '/api/report-schedules')[0]?.body).toEqual({
        name: 'Weekly plant report',
        scope: 'fleet',
        period_days: 7,
        format: 'pdf',
        frequency: 'weekly',
        weekday: 1,
        time: '07:00',
        time_zone: 'Europe/Berlin',
        channel_id: 4,
        enabled: true,
      });
      const table = await screen.findByRole('table', { name: 'Report schedules' });
      expect(within(table).getByText('Every Monday at 07:00 (Europe/Berlin)')).toBeTruthy();
      await user.click(within(table).getByRole('button', { name: 'Runs' }));
      const runs = await screen.findByRole('table', { name: 'Runs of Weekly plant report' });
      expect(within(runs).getByText('Sent')).toBeTruthy();
    },
  );
});
