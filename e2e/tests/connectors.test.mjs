// Connectors from the web UI: the simulated plant's OPC UA connector is live; an admin test-reads
// it, browses its server to pick a variable, and adds a connector to a PLC that is not there,
// whose status says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();

async function simulatedOpcuaConnected() {
  await eventually(
    async () => {
      const { items } = await api(ctx.server.baseUrl, ctx.adminToken, 'GET', '/api/connectors');
      const c = items.find((x) => x.id === 'sim-opcua');
      return c?.status.state === 'connected' && c.status.readings > 0;
    },
    { timeoutMs: 90_000, what: 'the simulated OPC UA connector with readings' },
  );
}

describe('connectors', () => {
  it('shows the live OPC UA connector, test-reads it and browses its server', async () => {
    await simulatedOpcuaConnected();
    await withPage(ctx, 'connectors-opcua', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Connectors', exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: 'sim-opcua' });
      await row.getByText('Connected').waitFor();
      assert.match(await row.textContent(), /OPC UA/);

      await row.getByRole('button', { name: 'Test-read sim-opcua' }).click();
      const read = page.getByRole('region', { name: 'Test read of sim-opcua' });
      await read.waitFor();
      const flow = read
        .getByRole('row')
        .filter({ hasText: 'OPCUA_PUMP_01' })
        .filter({ hasText: 'flow' })
        .first();
      assert.match(await flow.textContent(), /OK/);
      await saveScreenshot(page, 'connectors.png');

      await row.getByRole('button', { name: 'Edit sim-opcua' }).click();
      await page.getByRole('button', { name: 'Browse the server to pick variables' }).click();
      await page.getByRole('button', { name: 'Open Plant' }).click();
      await page.getByRole('button', { name: 'Open OPCUA_PUMP_02' }).click();
      const before = await page.getByRole('button', { name: /^Remove mapping/ }).count();
      await page.getByRole('button', { name: 'Map ns=1;s=OPCUA_PUMP_02.speed_setpoint_rpm' }).click();
      assert.equal(await page.getByRole('button', { name: /^Remove mapping/ }).count(), before + 1);
      assert.equal(
        await page.getByLabel(`Mapping ${before + 1} Node id`).inputValue(),
        'ns=1;s=OPCUA_PUMP_02.speed_setpoint_rpm',
      );
      await page.getByText('Int32 · writable').first().waitFor();
      await saveScreenshot(page, 'connectors-browse.png');
      await page.getByRole('button', { name: 'Cancel' }).click();
    });
  });

  it('adds an OPC UA connector to a PLC that is not there; its status says so', async () => {
    await withPage(ctx, 'connectors-create', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Connectors', exact: true }).click();
      await page.getByRole('button', { name: 'New connector' }).click();
      await page.getByLabel('Id', { exact: true }).fill('line-2-plc');
      await page.getByLabel('Endpoint URL').fill('opc.tcp://127.0.0.1:1/nothing');
      await page.getByLabel('Mapping 1 device').fill('OPCUA_PUMP_01');
      await page.getByLabel('Mapping 1 metric').fill('flow');
      await page.getByLabel('Mapping 1 Node id').fill('ns=2;s=Line2.Flow');
      await page.getByRole('button', { name: 'Create connector' }).click();
      await page.getByText('line-2-plc was created').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'line-2-plc' });
      await row.getByText('Error').waitFor({ timeout: 30_000 });
      assert.match(await row.textContent(), /cannot be established|ECONNREFUSED|connect/i);
    });
  });
});
