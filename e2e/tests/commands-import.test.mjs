// Commands and bulk provisioning in a real browser against the real server and its simulated
// plant: a self-test sent to a simulated pump comes back with its result; a CSV with a bad line
// is refused with the line shown, fixed in place, and imported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);

/**
 * An online simulated pump that speaks MQTT (its session is up, so it is subscribed to its
 * commands); the plant's pumps behind a Modbus or OPC UA connector (`PLC_…`) take no commands.
 */
async function onlinePump() {
  return eventually(
    async () => {
      const { items } = await call('GET', '/api/devices?model=centrifugal_pump&connectivity=online');
      return items.find((d) => d.id.startsWith('DEVICE_')) ?? null;
    },
    { timeoutMs: 60_000, what: 'an online centrifugal pump' },
  );
}

describe('commands and bulk provisioning', () => {
  it('sends a self-test to a simulated pump and shows its result live', async () => {
    const pump = await onlinePump();
    await withPage(ctx, 'commands', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.goto(`/devices/${pump.id}?tab=commands`);
      const form = page.getByRole('form', { name: 'Send a command' });
      await form.getByLabel('Command').selectOption('self_test');
      await form.getByLabel('Level').selectOption('full');
      await form.getByRole('button', { name: 'Send self-test' }).click();

      // The device answers over MQTT; the row turns to "Succeeded" without a reload.
      const row = page.getByRole('row').filter({ hasText: 'self_test' }).first();
      await row.getByText('Succeeded').waitFor({ timeout: 30_000 });
      await row.getByText(/passed: (true|false)/).waitFor();
      await saveScreenshot(page, 'commands.png');
    });
    const { items } = await call('GET', `/api/devices/${pump.id}/commands`);
    assert.equal(items[0].status, 'succeeded');
    assert.equal(typeof items[0].result.passed, 'boolean');
  });

  it('imports a CSV: shows the bad line, takes the fix, imports every device', async () => {
    const suffix = Date.now().toString(36).toUpperCase();
    const good = `IMP_${suffix}_1,Imported pump ${suffix},centrifugal_pump,water;north`;
    const bad = `IMP_${suffix}_2,Imported sensor ${suffix},thermometer_9000,`;
    await withPage(ctx, 'import', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Devices', exact: true }).click();
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import devices from CSV' });
      const text = dialog.getByLabel(/^Content/);
      await text.fill(['id,name,model,tags', good, bad].join('\n'));
      await dialog.getByRole('button', { name: 'Import' }).click();

      await dialog.getByText(/nothing was imported: 1 line has errors/i).waitFor();
      const problem = dialog.getByRole('row').filter({ hasText: "no device model 'thermometer_9000'" });
      await problem.getByRole('cell', { name: '3', exact: true }).waitFor();
      await problem.getByRole('cell', { name: 'model', exact: true }).waitFor();
      await saveScreenshot(page, 'import-errors.png');
      const none = await call('GET', `/api/devices?q=IMP_${suffix}`);
      assert.equal(none.total, 0, 'nothing is imported while a line is bad');

      await text.fill(
        ['id,name,model,tags', good, bad.replace('thermometer_9000', 'temperature_sensor')].join('\n'),
      );
      await dialog.getByRole('button', { name: 'Import' }).click();
      const done = page.getByRole('dialog', { name: '2 devices were imported' });
      await done.getByRole('link', { name: /Download the tokens/ }).waitFor();
      await saveScreenshot(page, 'import-done.png');
      await done.getByRole('button', { name: 'I have the tokens' }).click();
      await page.getByText('2 devices were imported.').waitFor();
    });
    const imported = await call('GET', `/api/devices?q=IMP_${suffix}`);
    assert.deepEqual(imported.items.map((d) => d.model).sort(), ['centrifugal_pump', 'temperature_sensor']);
  });
});
