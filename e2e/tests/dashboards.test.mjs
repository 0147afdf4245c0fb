// Dashboards people build: an operator builds one from scratch (adds widgets, moves and resizes
// one, overlays two devices' metric, zooms by dragging), saves it, reloads, shares it, and a
// viewer then sees it read-only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually, login } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const OPERATOR = { username: 'olga', password: 'Operator-Lantern-Quartz-58', role: 'operator' };
const VIEWER = { username: 'victor', password: 'Viewer-Meadow-Falcon-91', role: 'viewer' };

/**
 * Two online devices whose twins have readings, with a metric each (the same one when their
 * models share a metric name, like a pump's and a sensor's temperature).
 */
async function twoDevicesWithReadings() {
  const call = (path) => api(ctx.server.baseUrl, ctx.adminToken, 'GET', path);
  const { items: models } = await call('/api/models');
  return eventually(
    async () => {
      const { items } = await call('/api/devices?connectivity=online&limit=50');
      const reporting = [];
      for (const device of items) {
        const twin = await call(`/api/devices/${device.id}/twin`);
        const model = models.find((m) => m.id === device.model);
        const metrics = model.metrics.filter((m) => m.name in twin.reported.metrics);
        if (metrics.length > 0) reporting.push({ device, metrics });
      }
      for (const x of reporting)
        for (const y of reporting) {
          if (x === y) continue;
          const shared = x.metrics.find((m) => y.metrics.some((n) => n.name === m.name));
          if (shared)
            return {
              a: x.device,
              ma: shared,
              b: y.device,
              mb: y.metrics.find((n) => n.name === shared.name),
            };
        }
      return null;
    },
    { timeoutMs: 90_000, what: 'two online devices with readings of one metric' },
  );
}

/** Drags from the middle of `locator` by (dx, dy) in small steps, as a hand would. */
async function drag(page, locator, dx, dy, at = { x: 0.5, y: 0.5 }) {
  const box = await locator.boundingBox();
  const x = box.x + box.width * at.x;
  const y = box.y + box.height * at.y;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10);
  await page.mouse.up();
}

/** The box of `locator` once the grid's move transition is over (two reads alike). */
async function settledBox(locator) {
  let last = await locator.boundingBox();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const box = await locator.boundingBox();
    if (JSON.stringify(box) === JSON.stringify(last)) return box;
    last = box;
  }
}

describe('dashboards', () => {
  it('builds a dashboard from scratch, saves, shares it and shows it to a viewer', async () => {
    for (const user of [OPERATOR, VIEWER])
      await api(ctx.server.baseUrl, ctx.adminToken, 'POST', '/api/users', user);
    const { a, ma, b, mb } = await twoDevicesWithReadings();
    let dashboardId;

    await withPage(ctx, 'dashboard-build', async (page) => {
      await signIn(page, OPERATOR.username, OPERATOR.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('button', { name: 'New dashboard' }).click();
      await page.waitForURL(/\/dashboards\/[\w-]+/);
      dashboardId = new URL(page.url()).pathname.split('/').pop();
      await page.getByLabel('Dashboard name').fill('Pump comparison');

      // A time series overlaying the same metric of two devices, with the previous period.
      await page.getByRole('button', { name: 'Add widget' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Widget type').selectOption('timeseries');
      await dialog.getByLabel('Title').fill(`${ma.label}, two devices`);
      await dialog.getByLabel('Device of series 1').selectOption(a.id);
      await dialog.getByLabel('Metric of series 1').selectOption(ma.name);
      await dialog.getByRole('button', { name: 'Add a series' }).click();
      await dialog.getByLabel('Device of series 2').selectOption(b.id);
      await dialog.getByLabel('Metric of series 2').selectOption(mb.name);
      await dialog.getByLabel('Compare with the previous period').check();
      await dialog.getByRole('button', { name: 'Apply' }).click();

      const chart = page.getByRole('region', { name: `${ma.label}, two devices` });
      const legend = chart.getByRole('list', { name: 'Series' });
      await legend.getByText(`${a.name} · ${ma.label}`, { exact: true }).waitFor();
      await legend.getByText(`${b.name} · ${mb.label}`, { exact: true }).waitFor();
      await legend.getByText(`${a.name} · ${ma.label} (previous period)`).waitFor();
      await chart.locator('canvas').first().waitFor();

      // A single value and a note, then move the chart below-right and make it larger.
      // A device variable, and a single value and a gauge that follow it.
      await page.getByRole('button', { name: 'Add device variable' }).click();
      await page.getByRole('combobox', { name: 'Device', exact: true }).selectOption(a.id);
      for (const type of ['stat', 'gauge']) {
        await page.getByRole('button', { name: 'Add widget' }).click();
        await dialog.getByLabel('Widget type').selectOption(type);
        await dialog.getByLabel('Device').selectOption('$device');
        await dialog.getByLabel('Metric').selectOption(ma.name);
        await dialog.getByRole('button', { name: 'Apply' }).click();
      }
      await page.getByRole('button', { name: 'Add widget' }).click();
      await dialog.getByLabel('Widget type').selectOption('status_table');
      await dialog.getByLabel('Title').fill('Fleet status');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await page
        .getByRole('region', { name: 'Fleet status' })
        .getByRole('row', { name: new RegExp(b.name) })
        .waitFor();
      await page.getByRole('button', { name: 'Add widget' }).click();
      await dialog.getByLabel('Widget type').selectOption('markdown');
      await dialog.getByLabel('Title').fill('Shift notes');
      await dialog.getByLabel('Text').fill('## Check\n- **Seals** weekly\n- <b>no html</b>');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('region', { name: 'Shift notes' }).getByRole('listitem').first().waitFor();

      const before = await settledBox(chart);
      await drag(page, chart.locator('.dash-widget__head'), before.width / 2 + 20, 0, { x: 0.3, y: 0.5 });
      await eventually(async () => (await chart.boundingBox()).x > before.x + 100, {
        what: 'the chart moved',
        timeoutMs: 5000,
      });
      const moved = await settledBox(chart);
      await drag(page, chart.locator('.react-resizable-handle'), -120, 160);
      await eventually(async () => (await chart.boundingBox()).height > moved.height + 80, {
        what: 'the chart resized',
        timeoutMs: 5000,
      });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();

      const saved = await api(
        ctx.server.baseUrl,
        await login(ctx.server.baseUrl, OPERATOR.username, OPERATOR.password),
        'GET',
        `/api/dashboards/${dashboardId}`,
      );
      const stored = saved.widgets.find((w) => w.type === 'timeseries');
      assert.equal(saved.name, 'Pump comparison');
      assert.ok(stored.x > 0, `the chart was moved right (x ${stored.x})`);
      assert.ok(stored.h > 7, `the chart was made taller (h ${stored.h})`);
      assert.deepEqual(
        stored.options.series.map((s) => s.device),
        [a.id, b.id],
      );

      // Drag across the chart to zoom into a stretch of time; reset brings the range back.
      await drag(page, chart.locator('.u-over'), 160, 0, { x: 0.4, y: 0.5 });
      await page.getByRole('status').filter({ hasText: 'Zoomed to' }).waitFor();
      await page.getByRole('button', { name: 'Reset zoom' }).click();

      // After a reload the dashboard is as it was saved.
      await page.reload();
      await page.getByRole('heading', { name: 'Pump comparison' }).waitFor();
      await legend.getByText(`${b.name} · ${mb.label}`, { exact: true }).waitFor();
      const notes = page.getByRole('region', { name: 'Shift notes' });
      await notes.getByText('<b>no html</b>').waitFor();
      assert.equal(await notes.locator('b').count(), 0);

      // Share it.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByLabel('Shared with everyone').check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Shared', { exact: true }).first().waitFor();
      // For the picture: the last few minutes, zoomed in, where this new server has readings.
      await page.getByRole('combobox', { name: 'Time range' }).selectOption('15m');
      await page.waitForTimeout(2000);
      const over = await chart.locator('.u-over').boundingBox();
      await page.mouse.move(over.x + over.width * 0.93, over.y + over.height / 2);
      await page.mouse.down();
      await page.mouse.move(over.x + over.width * 0.97, over.y + over.height / 2, { steps: 5 });
      await page.mouse.move(over.x + over.width - 1, over.y + over.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.getByRole('status').filter({ hasText: 'Zoomed to' }).waitFor();
      await page.waitForTimeout(1000);
      await saveScreenshot(page, 'custom-dashboard.png');

      // Export to a file, and import it again as a copy.
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export' }).click(),
      ]);
      assert.equal(file.suggestedFilename(), 'Pump-comparison.json');
      await page.goto('/dashboards');
      await page.locator('input[type=file]').setInputFiles(await file.path());
      await page.waitForURL(
        (url) => url.pathname.startsWith('/dashboards/') && !url.pathname.endsWith(dashboardId),
      );
      assert.equal(await page.getByLabel('Dashboard name').inputValue(), 'Pump comparison');
      await page.getByRole('region', { name: 'Fleet status' }).waitFor();
      await page.getByLabel('Dashboard name').fill('Pump comparison (copy)');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('heading', { name: 'Pump comparison (copy)' }).waitFor();
    });

    await withPage(ctx, 'dashboard-viewer', async (page) => {
      await signIn(page, VIEWER.username, VIEWER.password);
      await page.goto('/dashboards');
      await page.getByRole('link', { name: 'Pump comparison', exact: true }).click();
      await page.getByRole('heading', { name: 'Pump comparison' }).waitFor();
      const legend = page.getByRole('list', { name: 'Series' });
      await legend.getByText(`${a.name} · ${ma.label}`, { exact: true }).waitFor();
      await legend.getByText(`${b.name} · ${mb.label}`, { exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
      // The variable switches the single value (and the gauge) to another machine.
      const single = page.getByRole('region', { name: 'Single value' });
      await single.getByText(a.name).waitFor();
      await page.getByRole('combobox', { name: 'Device', exact: true }).selectOption(b.id);
      await single.getByText(b.name).waitFor();
      assert.equal(await page.getByRole('button', { name: 'New dashboard' }).count(), 0);
      // On a phone the widgets stack in one column, and nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.dash-stack').waitFor();
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        widgets: [...document.querySelectorAll('.dash-widget')].map((w) => w.getBoundingClientRect().width),
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 390)
          .slice(0, 5)
          .map(
            (e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`,
          ),
      }));
      assert.ok(widths.page <= 390, `the page is ${widths.page} px wide: ${widths.wide.join('; ')}`);
      assert.ok(
        widths.widgets.every((w) => w > 300),
        `widgets ${widths.widgets.join(', ')} px wide`,
      );
      await page.setViewportSize({ width: 1440, height: 900 });

      // The viewer may still make it their home dashboard.
      await page.getByRole('button', { name: 'Set as home' }).click();
      await page.getByRole('button', { name: 'Unset home' }).waitFor();
    });
  });
});
