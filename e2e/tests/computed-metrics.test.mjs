// Computed metrics in a browser: the simulated plant's pump house shows its total power, flow
// and energy per unit of flow with a chart each; an admin is told in words why an expression is
// refused, adds a valid one, sees it computed, and deletes it. A simulated pump's page shows its
// own computed specific energy with its chart, and an admin defines one more on the pump.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);
const LINE = 'riverside.pump-house';

describe('computed metrics', () => {
  it("charts a line's computed metrics and lets an admin define one, with the server's reasons", async () => {
    // The plant's readings have been evaluated: the line's energy per unit of flow has a value.
    const metrics = await eventually(
      async () => {
        const { items } = await call('GET', `/api/assets/${LINE}/metrics`);
        return items.find((m) => m.name === 'energy_per_flow')?.value != null ? items : null;
      },
      { timeoutMs: 90_000, what: 'a computed energy per unit of flow' },
    );
    assert.deepEqual(metrics.map((m) => m.name).sort(), ['energy_per_flow', 'total_flow', 'total_power']);

    await withPage(ctx, 'computed-metrics', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      // Reached through the asset search (a deep link to an id with a dot is not served the app yet).
      await page.goto('/assets?q=Pump%20house');
      await page
        .getByRole('region', { name: /Matching/ })
        .getByRole('link', { name: 'Pump house' })
        .click();
      await page.waitForURL(/\/assets\/riverside\.pump-house$/);
      const panel = page.getByRole('region', { name: 'Computed metrics' });
      await panel.waitFor();
      for (const name of ['total_power', 'total_flow', 'energy_per_flow']) {
        const item = panel.getByRole('listitem', { name });
        await item.getByText(/Every evaluation|means/).waitFor();
        await item.locator('canvas, .u-wrap').first().waitFor();
      }
      await panel
        .getByTestId('value-energy_per_flow')
        .filter({ hasText: /\d.*kWh\/m³/ })
        .waitFor();

      // A refused expression: the reason is shown by the field, in words.
      await panel.getByRole('button', { name: 'Add a metric' }).click();
      const form = panel.getByRole('form', { name: 'Add a computed metric' });
      await form.getByLabel('Name').fill('peak_power');
      await form.getByLabel(/Unit/).fill('kW');
      await form.getByLabel('Expression').fill('max(children.power) +');
      await form.getByRole('button', { name: 'Add metric' }).click();
      await form
        .getByText(/syntax error at position/)
        .first()
        .waitFor();
      await form.getByLabel('Expression').fill('eval(children.power)');
      await form.getByRole('button', { name: 'Add metric' }).click();
      await form
        .getByText(/unknown function 'eval'/)
        .first()
        .waitFor();

      await form.getByLabel('Expression').fill('max(children.power)');
      await form.getByRole('button', { name: 'Add metric' }).click();
      const added = panel.getByRole('listitem', { name: 'peak_power' });
      await added.waitFor();
      await added.getByText('max(children.power)').waitFor();
      const created = await call('GET', `/api/assets/${LINE}/metrics`);
      assert.ok(created.items.some((m) => m.name === 'peak_power'));
      await saveScreenshot(page, 'asset-computed-metrics.png');

      await added.getByRole('button', { name: 'Delete peak_power' }).click();
      await page
        .getByRole('dialog', { name: 'Delete peak_power?' })
        .getByRole('button', { name: 'Delete metric' })
        .click();
      await added.waitFor({ state: 'detached' });
      const left = await call('GET', `/api/assets/${LINE}/metrics`);
      assert.ok(!left.items.some((m) => m.name === 'peak_power'));
    });
  });

  it("shows a pump's own computed metrics with their charts and lets an admin define one", async () => {
    // The seeded specific energy (power / flow) of a simulated pump has been computed.
    const pump = await eventually(
      async () => {
        const { items } = await call('GET', '/api/devices?model=centrifugal_pump');
        for (const device of items) {
          const metrics = await call('GET', `/api/devices/${device.id}/metrics`);
          if (metrics.items.find((m) => m.name === 'specific_energy')?.value != null) return device;
        }
        return null;
      },
      { timeoutMs: 90_000, what: "a pump's computed specific energy" },
    );

    await withPage(ctx, 'device-computed-metrics', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.goto(`/devices/${pump.id}`);
      const panel = page.getByRole('region', { name: 'Computed metrics' });
      await panel.waitFor();
      const specific = panel.getByRole('listitem', { name: 'specific_energy' });
      await specific.getByText('power / flow').waitFor();
      await specific
        .getByTestId('value-specific_energy')
        .filter({ hasText: /\d.*kWh\/m³/ })
        .waitFor();
      await specific.getByText(/Every evaluation|means/).waitFor();
      await specific.locator('canvas, .u-wrap').first().waitFor();

      // Aggregates belong to assets: the reason is shown in words; then a valid one is added.
      await panel.getByRole('button', { name: 'Add a metric' }).click();
      const form = panel.getByRole('form', { name: 'Add a computed metric' });
      await form.getByLabel('Name').fill('bearing_margin');
      await form.getByLabel(/Unit/).fill('°C');
      await form.getByLabel('Expression').fill('90 - sum(devices.bearing_temperature)');
      await form.getByRole('button', { name: 'Add metric' }).click();
      await form
        .getByText(/is not allowed on a device/)
        .first()
        .waitFor();
      await form.getByLabel('Expression').fill('90 - bearing_temp');
      await form.getByRole('button', { name: 'Add metric' }).click();
      await form
        .getByText(/unknown metric 'bearing_temp'/)
        .first()
        .waitFor();
      await form.getByLabel('Expression').fill('90 - bearing_temperature');
      await form.getByRole('button', { name: 'Add metric' }).click();
      const added = panel.getByRole('listitem', { name: 'bearing_margin' });
      await added.getByText('90 - bearing_temperature').waitFor();
      // Defined from the pump's latest readings: it has a value at once.
      await added
        .getByTestId('value-bearing_margin')
        .filter({ hasText: /\d.*°C/ })
        .waitFor();
      await saveScreenshot(page, 'device-computed-metrics.png');

      await added.getByRole('button', { name: 'Delete bearing_margin' }).click();
      await page
        .getByRole('dialog', { name: 'Delete bearing_margin?' })
        .getByRole('button', { name: 'Delete metric' })
        .click();
      await added.waitFor({ state: 'detached' });
      const left = await call('GET', `/api/devices/${pump.id}/metrics`);
      assert.deepEqual(
        left.items.map((m) => m.name),
        ['specific_energy'],
      );
    });
  });
});
