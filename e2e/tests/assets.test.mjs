// The plant as a hierarchy, in a browser: an admin builds a site with a line under it, attaches a
// simulated device to the line, sees the device's condition, health and connectivity rolled up to
// the line and the site, walks the tree with the keyboard, is told why a site in use cannot simply
// be deleted, filters the floor plan by the site, and the asset page fits a phone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, eventually } from '../support/api.mjs';
import { signIn } from '../support/browser.mjs';
import { saveScreenshot, useServerAndBrowser, withPage } from '../support/harness.mjs';

const ctx = useServerAndBrowser();
const call = (method, path, body) => api(ctx.server.baseUrl, ctx.adminToken, method, path, body);

/** An online simulated device that already has a health score, so the roll-up has numbers. */
async function scoredDevice() {
  return eventually(
    async () => {
      const { items } = await call('GET', '/api/devices?connectivity=online&limit=50&sort=name');
      for (const device of items) {
        const health = await call('GET', `/api/devices/${device.id}/health`).catch(() => null);
        if (health && typeof health.score === 'number') return { device, health };
      }
      return null;
    },
    { timeoutMs: 90_000, what: 'an online device with a health score' },
  );
}

describe('assets', () => {
  it('builds a hierarchy, attaches a device, rolls its status up and filters the floor plan', async () => {
    const { device } = await scoredDevice();

    await withPage(ctx, 'assets', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assets' }).click();
      await page.getByRole('heading', { name: 'Assets', level: 1 }).waitFor();

      // A site, then a line under it, through the forms.
      await page.getByRole('button', { name: 'Add asset' }).click();
      let dialog = page.getByRole('dialog', { name: 'Add an asset' });
      await dialog.getByLabel('Asset ID').fill('E2E_SITE');
      await dialog.getByLabel('Name').fill('Test plant');
      await dialog.getByLabel('Type').fill('site');
      await dialog.getByRole('button', { name: 'Add asset' }).click();
      await page.waitForURL(/\/assets\/E2E_SITE$/);
      await page.getByRole('heading', { name: 'Test plant', level: 1 }).waitFor();

      await page.getByRole('button', { name: 'Add child asset' }).click();
      dialog = page.getByRole('dialog', { name: 'Add an asset' });
      await dialog.getByLabel('Asset ID').fill('E2E_LINE');
      await dialog.getByLabel('Name').fill('Line A');
      await dialog.getByLabel('Type').fill('line');
      await dialog.getByLabel(/Tags/).fill('packaging, night shift');
      await dialog.getByLabel(/Properties/).fill('power_kw = 75\nvendor = Krones');
      await dialog.getByRole('button', { name: 'Add asset' }).click();
      await page.waitForURL(/\/assets\/E2E_LINE$/);
      const properties = page.getByRole('definition').filter({ hasText: '75' });
      await properties.first().waitFor();
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Test plant' })
        .waitFor();

      // Attach the simulated device to the line: the line's status now counts it.
      await page.getByRole('button', { name: 'Attach device' }).click();
      dialog = page.getByRole('dialog', { name: 'Attach a device to Line A' });
      await dialog.getByLabel('Device').selectOption(device.id);
      await dialog.getByRole('button', { name: 'Attach device' }).click();
      await page.getByRole('heading', { name: 'Devices (1 here, 1 in all)' }).waitFor();
      await page.getByRole('link', { name: device.name }).first().waitFor();
      const status = page.getByRole('region', { name: 'Status of everything under it' });
      await status.getByText('1 / 1').waitFor();
      const lineStatus = await call('GET', '/api/assets/E2E_LINE/status');
      assert.equal(lineStatus.devices, 1);
      assert.ok(lineStatus.health.mean !== null, 'the attached device has a health score');
      // The health figure is a whole score (it moves as readings arrive, so not compared to the API's).
      await status
        .getByText(/^\d{1,3}$/)
        .first()
        .waitFor();
      await saveScreenshot(page, 'asset-page.png');

      // The site rolls the line up; in the tree, each node shows its status.
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Assets' })
        .click();
      const tree = page.getByRole('tree', { name: 'Plant assets' });
      const site = tree.getByRole('treeitem', { name: /Test plant/ });
      await site.getByText('1/1 online').waitFor();
      await tree
        .getByRole('treeitem', { name: /Line A/ })
        .getByText('1/1 online')
        .waitFor();
      await saveScreenshot(page, 'asset-tree.png');

      // Keyboard: focus the site, close and open it, go down to the line and open it with Enter.
      await site.focus();
      await page.keyboard.press('ArrowLeft');
      assert.equal(await site.getAttribute('aria-expanded'), 'false');
      assert.equal(await tree.getByRole('treeitem', { name: /Line A/ }).count(), 0);
      await page.keyboard.press('ArrowRight');
      assert.equal(await site.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('ArrowDown');
      const line = tree.getByRole('treeitem', { name: /Line A/ });
      assert.equal(await line.evaluate((el) => el === document.activeElement), true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/assets\/E2E_LINE$/);

      // A site with a child cannot be deleted as is: the server's reason is shown, nothing changes.
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Test plant' })
        .click();
      await page.getByRole('heading', { name: 'Test plant', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page
        .getByRole('dialog', { name: 'Delete Test plant?' })
        .getByRole('button', { name: 'Delete asset' })
        .click();
      const inUse = page.getByRole('dialog', { name: 'Test plant is in use' });
      await inUse.getByRole('button', { name: 'Detach and delete' }).waitFor();
      assert.ok((await inUse.getByRole('status').textContent()).length > 0, 'the 409 says why');
      await inUse.getByRole('button', { name: 'Cancel' }).click();
      assert.equal((await call('GET', '/api/assets/E2E_SITE')).asset.id, 'E2E_SITE');

      // The floor plan, filtered by the site, shows only the attached device.
      await page.getByRole('link', { name: 'Show them on the floor plan' }).click();
      await page.waitForURL(/\/floor-plan\?asset=E2E_SITE$/);
      await page.getByText(/^1 devices:/).waitFor();
      assert.equal(await page.getByLabel('Asset', { exact: true }).inputValue(), 'E2E_SITE');
      await page.getByLabel('Asset', { exact: true }).selectOption('');
      await page.waitForFunction(
        () => !/^1 devices:/.test(document.querySelector('.fp-summary')?.textContent ?? ''),
      );

      // On a phone the asset page and the tree fit the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      const ready = {
        '/?asset=E2E_SITE': page.getByText(/Showing Test plant/),
        '/floor-plan?asset=E2E_SITE': page.getByText(/^1 devices:/),
        '/assets': page.getByRole('tree', { name: 'Plant assets' }),
        '/assets/E2E_LINE': page.getByText('Devices (1 here, 1 in all)'),
      };
      for (const [path, shown] of Object.entries(ready)) {
        await page.goto(path);
        await shown.waitFor();
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        assert.ok(scroll <= client, `${path} is ${scroll} px wide on a ${client} px screen`);
      }
      await saveScreenshot(page, 'asset-page-phone.png');
    });
  });
  it('narrows the fleet dashboard to an asset and shows the asset tree on a custom dashboard', async () => {
    await withPage(ctx, 'assets-dashboards', async (page) => {
      await signIn(page, ctx.server.admin.username, ctx.server.admin.password);

      // The fleet dashboard of the test site: only the one attached device counts.
      await page.getByLabel('Asset', { exact: true }).selectOption('E2E_SITE');
      await page.getByText(/Showing Test plant and everything under it/).waitFor();
      await page
        .locator('dt', { hasText: 'Devices online' })
        .locator('..')
        .getByText(/1 of 1/)
        .waitFor();

      // A custom dashboard with the site's tree, its devices listed.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('button', { name: 'New dashboard' }).click();
      await page.waitForURL(/\/dashboards\/[\w-]+/);
      await page.getByLabel('Dashboard name').fill('Test plant overview');
      await page.getByRole('button', { name: 'Add widget' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Widget type').selectOption('asset_tree');
      await dialog.getByLabel('Title').fill('Test plant tree');
      await dialog.getByLabel('Asset', { exact: true }).selectOption('E2E_SITE');
      await dialog.getByLabel('List each asset’s devices').check();
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();

      await page.reload();
      const tree = page.getByRole('region', { name: 'Test plant tree' }).getByRole('tree');
      await tree
        .getByRole('treeitem', { name: /Line A/ })
        .getByText('1/1 online')
        .waitFor();
      assert.equal(await tree.getByRole('treeitem').count(), 3, 'the site, its line and the line’s device');
      await saveScreenshot(page, 'dashboard-asset-tree.png');
    });
  });
});
