// Issue 20's rough edges, seen in a browser: every page fits a phone (390 × 844) with the menu
// folded away; several alerts acknowledged in one go; a scheduled report mailed through an
// e-mail channel (to a local SMTP server) and its run shown on the Reports page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);

async function firstDeviceId() {
  const { items } = await call('GET', '/api/devices?limit=1&sort=name');
  assert.ok(items[0], 'the simulated plant has devices');
  return items[0].id;
}

/** The page is no wider than the screen: nothing scrolls sideways. */
async function assertFitsWidth(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what} is ${scroll} px wide on a ${client} px screen`);
}

describe('rough edges', () => {
  it('fits every page on a phone, with a folding menu', async () => {
    const deviceId = await firstDeviceId();
    await withPage(ctx, 'phone', async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);

      const nav = page.getByRole('navigation', { name: 'Main' });
      const menu = page.getByRole('button', { name: 'Menu' });
      assert.equal(await nav.isVisible(), false, 'the links are folded away');
      await menu.click();
      await nav.getByRole('link', { name: 'Devices' }).click();
      await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
      assert.equal(await nav.isVisible(), false, 'the menu folds again after choosing a page');
      assert.ok(await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).isVisible());

      for (const path of [
        '/',
        '/devices',
        `/devices/${deviceId}`,
        '/floor-plan',
        '/alerts',
        '/alerts/rules',
        '/recommendations',
        '/reports',
        '/channels',
        '/users',
        '/audit',
        '/account',
      ]) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle').catch(() => {});
        await assertFitsWidth(page, path);
      }

      await page.goto(`/devices/${deviceId}`);
      await page.locator('main h1').first().waitFor();
      await page
        .getByRole('link', { name: 'Analytics' })
        .first()
        .waitFor()
        .catch(() => {});
      await assertFitsWidth(page, 'the device page');
      await saveScreenshot(page, 'device-phone.png');
    });
  });

  it('acknowledges several alerts at once from the alerts page', async () => {
    const rule = await call('POST', '/api/alert-rules', {
      name: 'E2E overheat',
      metric: 'temperature',
      operator: '>',
      threshold: 1000,
      duration_s: 0,
      severity: 'warning',
      scope: { model: 'temperature_sensor' },
    });
    for (const id of ['E2E_T1', 'E2E_T2']) {
      const { token } = await call('POST', '/api/devices', {
        id,
        name: `Bulk test ${id}`,
        model: 'temperature_sensor',
      });
      const res = await fetch(`${ctx.server.baseUrl}/ingest/devices/${id}/telemetry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ metrics: { temperature: 1500 } }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    await eventually(
      async () => (await call('GET', `/api/alerts?rule=${rule.id}&state=active`)).total === 2,
      { what: 'two active alerts' },
    );

    await withPage(ctx, 'bulk-alerts', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.goto('/alerts?state=active');
      const table = page.getByRole('table', { name: 'Alerts' });
      for (const id of ['E2E_T1', 'E2E_T2'])
        await table.getByRole('checkbox', { name: `Select E2E overheat on ${id}` }).check();
      const bar = page.getByRole('toolbar', { name: 'Selected alerts' });
      await bar.getByText('2 alerts selected').waitFor();
      await bar.getByRole('button', { name: 'Acknowledge selected' }).click();
      await page.getByText('2 alerts acknowledged.').waitFor();
      await saveScreenshot(page, 'alerts-bulk.png');
    });
    const { items } = await call('GET', `/api/alerts?rule=${rule.id}`);
    assert.deepEqual(
      items.map((a) => a.state),
      ['acknowledged', 'acknowledged'],
    );
    assert.match(items[0].message, /^Temperature 1500 °C on Bulk test E2E_T\d is above 1000 °C$/);
  });

  it('schedules a report and mails it through an e-mail channel', async () => {
    const mails = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('latin1'),
          });
          callback();
        });
      },
    });
    await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      await call('POST', '/api/channels', {
        name: 'Plant managers',
        type: 'email',
        min_severity: 'critical',
        email: {
          host: '127.0.0.1',
          port: smtp.server.address().port,
          from: 'twin@plant.example',
          to: ['manager@plant.example'],
        },
      });
      await withPage(ctx, 'scheduled-report', async (page) => {
        await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
        await page.getByRole('link', { name: 'Reports', exact: true }).click();
        const form = page.getByRole('form', { name: 'Schedule a report' });
        await form.getByLabel('Name').fill('Weekly plant report');
        await form.getByLabel('Covering').selectOption({ label: 'Last day' });
        await form.getByLabel('Format').selectOption({ label: 'HTML' });
        await form.getByLabel('How often').selectOption({ label: 'Every week' });
        await form.getByLabel('On', { exact: true }).selectOption({ label: 'Monday' });
        await form.getByLabel('Time zone').fill('Europe/Berlin');
        await form.getByRole('button', { name: 'Schedule report' }).click();

        const schedules = page.getByRole('table', { name: 'Report schedules' });
        const row = schedules.getByRole('row').filter({ hasText: 'Weekly plant report' });
        await row.getByText('Every Monday at 07:00 (Europe/Berlin)').waitFor();
        await row.getByRole('button', { name: 'Run now' }).click();
        await eventually(async () => mails.length === 1, { timeoutMs: 60_000, what: 'the mailed report' });
        await row.getByRole('button', { name: 'Runs' }).click();
        const runs = page.getByRole('table', { name: 'Runs of Weekly plant report' });
        await eventually(
          async () => {
            await row.getByRole('button', { name: 'Hide runs' }).click();
            await row.getByRole('button', { name: 'Runs' }).click();
            return (await runs.getByText('Sent').count()) > 0;
          },
          { what: 'the run shown as sent' },
        );
        await saveScreenshot(page, 'reports-scheduled.png');
      });
      assert.deepEqual(mails[0].to, ['manager@plant.example']);
      assert.match(mails[0].raw, /Weekly plant report/);
      assert.match(mails[0].raw, /digital-twin-fleet-\d{4}-\d{2}-\d{2}\.html/);
    } finally {
      await new Promise((resolve) => smtp.close(resolve));
    }
  });
});
