// The main paths through the product, in a real browser against the real server and its
// simulated fleet: sign in, live data, desired state round trip, alert acknowledgement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);

/**
 * An online device of one of `models` whose twin already has readings. The simulator's seeded
 * outages take a device off the network for up to a few minutes now and then, so tests that
 * need any sensor accept several models.
 */
async function onlineDevice(...models) {
  return eventually(
    async () => {
      for (const model of models) {
        const { items } = await call('GET', `/api/devices?model=${model}&connectivity=online`);
        for (const device of items) {
          const twin = await call('GET', `/api/devices/${device.id}/twin`);
          if (Object.keys(twin.reported.metrics).length > 0) return device;
        }
      }
      return null;
    },
    { timeoutMs: 60_000, what: `an online ${models.join(' or ')} with readings` },
  );
}

describe('operator flows', () => {
  it('signs in and sees live readings arrive on a device page without a reload', async () => {
    const device = await onlineDevice('centrifugal_pump');
    await withPage(ctx, 'live-values', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Devices', exact: true }).click();
      await page.getByRole('link', { name: device.name, exact: true }).click();
      await page.waitForURL(`**/devices/${device.id}`);
      await page.evaluate(() => {
        window.e2eSamePage = true;
      });

      const summary = page.locator('.ts-chart__summary[data-points]').first();
      await summary.waitFor();
      const before = Number(await summary.getAttribute('data-points'));
      // The simulator runs 60× faster than real time: new points within seconds.
      await page.waitForFunction(
        (n) =>
          Number(document.querySelector('.ts-chart__summary[data-points]')?.getAttribute('data-points')) > n,
        before,
        { timeout: 30_000 },
      );
      assert.equal(await page.evaluate(() => window.e2eSamePage), true, 'the page was reloaded');
    });
  });

  it('changes a desired property and sees the device report it back (the delta empties)', async () => {
    const device = await onlineDevice('temperature_sensor', 'humidity_sensor', 'pressure_sensor');
    const model = (await call('GET', '/api/models')).items.find((m) => m.id === device.model);
    const property = model.properties.find((p) => p.name === 'sample_interval_s');
    const twin = await call('GET', `/api/devices/${device.id}/twin`);
    const current = twin.reported.properties.sample_interval_s;
    const wanted = current === 7 ? 8 : 7;
    assert.ok(
      (property.min ?? 0) <= wanted && wanted <= (property.max ?? Infinity),
      'the new value is in range',
    );

    await withPage(ctx, 'desired-state', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.goto(`/devices/${device.id}?tab=twin`);
      const editor = page.getByRole('form', { name: 'Desired properties' });
      await editor.getByLabel(new RegExp(`^${property.label}`)).fill(String(wanted));
      await editor.getByRole('button', { name: 'Save desired state' }).click();
      await page.getByText(/Saved as version \d+/).waitFor();

      // The device applies it and reports it back; the page shows that live.
      const row = page.getByRole('row').filter({ hasText: 'sample_interval_s' });
      await row.getByText('In sync').waitFor({ timeout: 30_000 });
      await page.getByText('The device has reported every desired value.').waitFor();
      assert.match(await row.innerText(), new RegExp(`\\b${wanted}\\b.*\\b${wanted}\\b`, 's'));
    });

    const after = await call('GET', `/api/devices/${device.id}/twin`);
    assert.deepEqual(after.delta, {});
    assert.equal(after.desired.sample_interval_s, wanted);
    assert.equal(after.reported.properties.sample_interval_s, wanted);
  });

  it('shows an alert as it is raised and acknowledges it', async () => {
    const device = await onlineDevice('temperature_sensor');
    const name = 'E2E: any temperature';
    await withPage(ctx, 'acknowledge-alert', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Alerts', exact: true }).click();
      await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
      await page.evaluate(() => {
        window.e2eSamePage = true;
      });

      // A rule every reading meets: the next reading raises an alert, pushed to the open page.
      const rule = await call('POST', '/api/alert-rules', {
        name,
        scope: { device_id: device.id },
        metric: 'temperature',
        operator: '>',
        threshold: -100,
        duration_s: 0,
        severity: 'critical',
      });
      const row = page.getByRole('row').filter({ hasText: name });
      await row.waitFor({ timeout: 30_000 });
      assert.equal(await page.evaluate(() => window.e2eSamePage), true, 'the alert needed a reload');

      await row.getByRole('button', { name: `Acknowledge ${name} on ${device.id}` }).click();
      await row.getByText(`Acknowledged by ${ctx.server.admin.username}`).waitFor();
      await page.getByText(`${name} on ${device.id} is acknowledged.`).waitFor();
      await saveScreenshot(page, 'alerts.png');

      const { items } = await call('GET', `/api/alerts?rule=${rule.id}`);
      assert.equal(items[0]?.acknowledged_by, ctx.server.admin.username);
      assert.equal(items[0]?.state, 'acknowledged');
    });
  });

  it('acknowledges a recommendation on the board', async () => {
    // The critical alert above makes the analytics recommend a response within seconds.
    const rec = await eventually(
      async () => (await call('GET', '/api/recommendations?status=open&limit=1')).items[0],
      { timeoutMs: 60_000, what: 'an open recommendation' },
    );
    await withPage(ctx, 'recommendation', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('link', { name: 'Recommendations', exact: true }).click();
      const open = page.getByRole('region', { name: /^Open/ });
      await open.getByRole('button', { name: `Acknowledge: ${rec.title} on ${rec.device_id}` }).click();
      await page.getByText(/is now acknowledged\./).waitFor();
      await page
        .getByRole('region', { name: /^Acknowledged/ })
        .getByText(rec.title)
        .waitFor();
    });
    const { items } = await call(
      'GET',
      `/api/recommendations?status=acknowledged&device_id=${rec.device_id}`,
    );
    assert.ok(
      items.some((r) => r.id === rec.id && r.status_changed_by === ctx.server.admin.username),
      'the server did not record the acknowledgement',
    );
  });

  it('shows the rules, channels, recommendations and dashboard pages (and keeps screenshots of them)', async () => {
    // A channel that cannot be reached, so the test result and the log have something to say.
    await call('POST', '/api/channels', {
      type: 'webhook',
      name: 'Maintenance system',
      min_severity: 'critical',
      url: 'http://127.0.0.1:9/hooks/alerts',
      signing_secret: 'e2e-signing-secret-0123456789',
    });
    await call('POST', '/api/channels', {
      type: 'email',
      name: 'Night shift e-mail',
      email: {
        host: 'smtp.plant.example',
        port: 587,
        from: 'twin@plant.example',
        to: ['night@plant.example'],
      },
    });
    // Recommendations come from the analytics after a while; show some if there are any.
    await eventually(async () => (await call('GET', '/api/recommendations?limit=1')).total > 0, {
      timeoutMs: 20_000,
    }).catch(() => {});

    await withPage(ctx, 'pages', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);

      await page.getByRole('link', { name: 'Rules', exact: true }).click();
      await page.getByRole('table', { name: 'Alert rules' }).waitFor();
      await page.getByRole('button', { name: 'Edit E2E: any temperature' }).click();
      const editor = page.getByRole('region', { name: 'Edit E2E: any temperature' });
      assert.equal(await editor.getByLabel('Threshold').inputValue(), '-100');
      assert.equal(
        await editor.getByLabel('Device', { exact: true }).inputValue(),
        (await onlineDevice('temperature_sensor')).id,
      );
      await saveScreenshot(page, 'rules.png');

      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await page.getByRole('button', { name: 'Edit Maintenance system' }).click();
      assert.equal(await page.getByLabel('Webhook URL').inputValue(), '', 'a secret was filled in');
      assert.equal(await page.getByLabel('Signing secret').inputValue(), '', 'a secret was filled in');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Send a test to Maintenance system' }).click();
      await page
        .getByText('The test message to Maintenance system was not delivered')
        .waitFor({ timeout: 30_000 });
      await saveScreenshot(page, 'channels.png');

      await page.getByRole('link', { name: 'Delivery log' }).click();
      await page
        .getByRole('table', { name: 'Delivery attempts' })
        .getByText('Maintenance system')
        .first()
        .waitFor();
      await saveScreenshot(page, 'notification-log.png');

      await page.getByRole('link', { name: 'Recommendations', exact: true }).click();
      await page.getByRole('region', { name: /^Open/ }).waitFor();
      await saveScreenshot(page, 'recommendations.png');

      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page.locator('.kpis').waitFor();
      await page
        .getByRole('list', { name: 'Latest alerts, newest first' })
        .getByText('E2E: any temperature')
        .first()
        .waitFor();
      await saveScreenshot(page, 'dashboard.png');
    });
  });
});
