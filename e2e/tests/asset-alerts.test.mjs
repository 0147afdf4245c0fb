// Alerts on an asset's computed metric, in a browser: an admin scopes a rule to the pump house's
// total power from the rules page, with a threshold the running plant exceeds; the alert shows on
// the pump house's page, whose computed values move live, without the page fetching them again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);
const LINE = 'riverside.pump-house';

describe('asset alerts and live computed values', () => {
  it("raises an asset rule's alert on the asset page, whose computed values update live", async () => {
    await eventually(
      async () => {
        const { items } = await call('GET', `/api/assets/${LINE}/metrics`);
        return items.find((m) => m.name === 'total_power')?.value > 0;
      },
      { timeoutMs: 90_000, what: 'a computed total power of the pump house' },
    );

    await withPage(ctx, 'asset-alerts', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.goto('/alerts/rules');
      await page.getByRole('button', { name: 'New rule' }).click();
      const form = page.getByRole('region', { name: 'New alert rule' });
      await form.getByLabel('Name').fill('Pump house drawing power');
      await form.getByLabel('Applies to').selectOption('asset');
      await form.getByLabel('Asset').selectOption(LINE);
      const metric = form.getByLabel('Computed metric');
      await metric.locator('option[value="total_power"]').waitFor({ state: 'attached' });
      await metric.selectOption('total_power');
      await form.getByLabel('Threshold').fill('0');
      await form.getByLabel('Severity').selectOption('critical');
      await form.getByRole('button', { name: 'Create rule' }).click();
      await page.getByText('Pump house drawing power was created and is being evaluated.').waitFor();
      const row = page.getByRole('row', { name: /Pump house drawing power/ });
      await row.getByRole('link', { name: 'Pump house' }).waitFor();
      const { items: rules } = await call('GET', '/api/alert-rules');
      const rule = rules.find((r) => r.name === 'Pump house drawing power');
      assert.deepEqual(rule.scope, { device_id: null, model: null, asset_id: LINE });

      // Reached through the asset search (a deep link to an id with a dot is not served the app yet).
      const metricRequests = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === `/api/assets/${LINE}/metrics`) metricRequests.push(r.url());
      });
      await page.goto('/assets?q=Pump%20house');
      await page
        .getByRole('region', { name: /Matching/ })
        .getByRole('link', { name: 'Pump house' })
        .click();
      await page.waitForURL(/\/assets\/riverside\.pump-house$/);

      // The alert, raised on the line's next evaluation, appears without a reload.
      const alerts = page.getByRole('region', { name: 'Open alerts' });
      await alerts.getByText(/on Pump house is above 0/).waitFor({ timeout: 60_000 });
      await alerts.getByRole('button', { name: /Acknowledge Pump house drawing power/ }).waitFor();

      // The computed value moves as the plant runs, pushed over the socket.
      const value = page.getByRole('region', { name: 'Computed metrics' }).getByTestId('value-total_power');
      await value.filter({ hasText: /\d.*kW/ }).waitFor();
      const first = await value.textContent();
      const fetched = metricRequests.length;
      assert.ok(fetched >= 1, 'the panel loaded the metrics once');
      await eventually(async () => (await value.textContent()) !== first, {
        timeoutMs: 60_000,
        what: `the total power to change from ${first}`,
      });
      assert.equal(metricRequests.length, fetched, 'the new value came live, not from a new request');
      await saveScreenshot(page, 'asset-alerts-live.png');

      // Acknowledged from the asset page.
      await alerts.getByRole('button', { name: /Acknowledge Pump house drawing power/ }).click();
      await alerts.getByText('Acknowledged').waitFor();
      const { items } = await call('GET', `/api/alerts?asset_id=${LINE}&state=acknowledged`);
      assert.ok(items.some((a) => a.rule === rule.id && a.device_id === LINE));
    });
  });
});
