// Reports and exports from the web UI: an admin makes a fleet PDF report of the last day and
// downloads it, exports a week of telemetry as CSV, and schedules a report for one asset.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { eventually, api } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();

/** Waits until the simulated plant has stored readings, so there is something to report. */
async function someReadingsStored() {
  await eventually(
    async () => {
      const { items } = await api(ctx.server.baseUrl, ctx.adminToken, 'GET', '/api/devices?limit=50');
      return items.some((d) => d.last_seen !== null);
    },
    { timeoutMs: 60_000, what: 'a device with readings' },
  );
}

describe('reports and exports', () => {
  it('generates a fleet PDF report for the last day and downloads it', async () => {
    await someReadingsStored();
    await withPage(ctx, 'fleet-report', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      const form = page.getByRole('form', { name: 'Create a health report' });
      await form.getByLabel('Scope').selectOption({ label: 'Whole fleet' });
      await form.getByLabel('Period').selectOption({ label: 'Last 24 hours' });
      await form.getByLabel('Format').selectOption({ label: 'PDF' });
      await form.getByRole('button', { name: 'Create report' }).click();

      const job = page.locator('.report-job').filter({ hasText: 'Whole fleet, PDF' });
      const download = job.getByRole('button', { name: 'Download', exact: true });
      await download.waitFor({ timeout: 60_000 });
      await saveScreenshot(page, 'reports.png');
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);

      assert.match(file.suggestedFilename(), /\.pdf$/);
      const bytes = await readFile(await file.path());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(bytes.length > 2000, `a PDF of ${bytes.length} bytes is too small to hold a report`);
    });
  });

  it('exports a week of telemetry as CSV', async () => {
    await withPage(ctx, 'csv-export', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      const form = page.getByRole('form', { name: 'Export telemetry' });
      await form.getByLabel('Device').selectOption({ label: 'All devices' });
      await form.getByLabel('Period').selectOption({ label: 'Last 7 days' });
      await form.getByLabel('Resolution').selectOption({ label: 'Every reading' });
      await form.getByLabel('File format').selectOption({ label: 'CSV' });
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        form.getByRole('button', { name: 'Export' }).click(),
      ]);

      assert.match(file.suggestedFilename(), /\.csv$/);
      const lines = (await readFile(await file.path(), 'utf8')).trim().split('\n');
      assert.equal(lines[0], 'device_id,metric,ts,value');
      assert.ok(lines.length > 10, `only ${lines.length - 1} readings exported`);
      for (const line of lines.slice(1, 20)) {
        const [device, metric, ts, value] = line.split(',');
        assert.match(device, /^DEVICE_\d+$/);
        assert.ok(metric.length > 0);
        assert.ok(Number.isFinite(Date.parse(ts)), `ts ${ts}`);
        assert.ok(Number.isFinite(Number(value)), `value ${value}`);
      }
    });
  });

  it('schedules a report for an asset and lists it under that asset', async () => {
    const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);
    const { items } = await call('GET', '/api/assets?limit=1');
    assert.ok(items[0], 'the simulated plant has assets');
    const asset = items[0];
    // Never used to send here: the schedule is made and listed, not run.
    await call('POST', '/api/channels', {
      name: 'Line managers',
      type: 'email',
      min_severity: 'critical',
      email: { host: '127.0.0.1', port: 2525, from: 'twin@plant.example', to: ['line@plant.example'] },
    });
    await withPage(ctx, 'asset-schedule', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      const form = page.getByRole('form', { name: 'Schedule a report' });
      await form.getByLabel('Name').fill('Asset weekly report');
      await form.getByLabel('Report on').selectOption({ label: 'Whole fleet' });
      await form.getByLabel('Asset').selectOption(asset.id);
      await form.getByLabel('Mail through').selectOption({ label: 'Line managers' });
      await form.getByRole('button', { name: 'Schedule report' }).click();

      const row = page
        .getByRole('table', { name: 'Report schedules' })
        .getByRole('row')
        .filter({ hasText: 'Asset weekly report' });
      await row.getByText(`Asset ${asset.name} (${asset.id})`).waitFor();
    });
    const { items: schedules } = await call('GET', '/api/report-schedules');
    const made = schedules.find((s) => s.name === 'Asset weekly report');
    assert.equal(made?.scope, 'fleet');
    assert.equal(made?.asset_id, asset.id);
  });
});
