// Reports and exports from the web UI: an admin makes a fleet PDF report of the last day and
// downloads it, then exports a week of telemetry as CSV.
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
});
