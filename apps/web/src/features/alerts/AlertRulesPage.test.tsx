import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeChannel, makeRule } from '../../test/alerting-fixtures';
import { makeDevice, makeMetric, pumpModel as basePumpModel } from '../../test/device-fixtures';
import { makeAsset } from '../../test/asset-fixtures';
import { errorReply, mockApi } from '../../test/fetch-mock';
import { adminMe, operatorMe } from '../../test/fixtures';
import { descriptionOf, renderApp, signInAs } from '../../test/render-app';

const pumpModel = {
  ...basePumpModel,
  description: '',
  properties: [],
  metrics: [makeMetric('vibration', 'Vibration', 'mm/s', [0.1, 0.3], [0, 1], 'high')],
};

const assets = [
  makeAsset({ id: 'SITE', name: 'North plant', type: 'site' }),
  makeAsset({ id: 'LINE_A', name: 'Line A', type: 'line', parent_id: 'SITE' }),
];
const lineMetric = (name: string, unit: string) => ({
  name,
  unit,
  expression: `sum(devices.${name})`,
  value: 10,
  ts: new Date().toISOString(),
  created_by: 'admin',
  created_at: new Date().toISOString(),
});

function server(extra: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  return mockApi({
    'GET /api/whoami': { body: adminMe },
    'GET /api/alert-rules': { body: { items: [makeRule({ id: 1, builtin: true })], total: 1 } },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/devices': { body: { items: [], total: 0 } },
    'GET /api/channels': {
      body: { items: [makeChannel({ id: 4, type: 'slack', name: 'Ops Slack' })], total: 1 },
    },
    'GET /api/assets': { body: { items: assets, total: assets.length } },
    'GET /api/assets/LINE_A/metrics': {
      body: { items: [lineMetric('total_power', 'kW'), lineMetric('flow', 'm³/h')] },
    },
    'GET /api/assets/SITE/metrics': { body: { items: [] } },
    ...extra,
  });
}

describe('alert rules editor', () => {
  it("suggests a device's computed metrics with its model's metrics", async () => {
    signInAs(adminMe);
    server({
      'GET /api/devices': { body: { items: [makeDevice({ id: 'PUMP_1', model: pumpModel.id })], total: 1 } },
      'GET /api/devices/PUMP_1/metrics': {
        body: {
          items: [
            {
              name: 'specific_energy',
              unit: 'kWh/m³',
              expression: 'power / flow',
              value: 0.25,
              ts: null,
              created_by: 'admin',
              created_at: new Date().toISOString(),
            },
          ],
        },
      },
    });
    const { user } = renderApp('/alerts/rules');
    await screen.findByText('High temperature', { selector: 'td strong' });
    await user.click(screen.getByRole('button', { name: 'New rule' }));
    await user.selectOptions(screen.getByLabelText('Applies to'), 'device');
    await user.type(screen.getByLabelText('Device'), 'PUMP_1');
    const suggestions = () => {
      const list = document.getElementById(screen.getByLabelText('Metric').getAttribute('list') ?? '');
      return [...(list?.querySelectorAll('option') ?? [])].map((o) => o.getAttribute('value'));
    };
    await waitFor(() => expect(suggestions()).toContain('specific_energy'));
    expect(suggestions()).toContain('vibration');
  }, 20_000);

  it('shows the server’s field errors next to the fields they are about', async () => {
    signInAs(adminMe);
    const api = server({
      'POST /api/alert-rules': errorReply(400, 'validation_failed', 'invalid alert rule', {
        'scope.device_id': 'is not a known device',
        metric: "no device in scope reports 'vibraton'",
      }),
    });
    const { user } = renderApp('/alerts/rules');

    await screen.findByText('High temperature', { selector: 'td strong' });
    await user.click(screen.getByRole('button', { name: 'New rule' }));
    await user.type(screen.getByLabelText('Name'), 'Pump shaking');
    await user.selectOptions(screen.getByLabelText('Applies to'), 'device');
    await user.type(screen.getByLabelText('Device'), 'PUMP_404');
    await user.type(screen.getByLabelText('Metric'), 'vibraton');
    await user.selectOptions(screen.getByLabelText('Fires when the value is'), 'outside');
    await user.type(screen.getByLabelText('Low threshold'), '0.1');
    await user.type(screen.getByLabelText('High threshold'), '0.5');
    await user.click(screen.getByRole('checkbox', { name: /Ops Slack/ }));
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    expect(await screen.findByText('The rule was not saved')).toBeTruthy();
    expect(descriptionOf(screen.getByLabelText('Device'))).toMatch('Is not a known device');
    expect(descriptionOf(screen.getByLabelText('Metric'))).toMatch("No device in scope reports 'vibraton'");
    expect(api.calls('POST', '/api/alert-rules')[0]?.body).toEqual({
      name: 'Pump shaking',
      description: '',
      scope: { model: null, device_id: 'PUMP_404', asset_id: null },
      metric: 'vibraton',
      operator: 'outside',
      threshold: 0.1,
      threshold_high: 0.5,
      duration_s: 0,
      severity: 'warning',
      hysteresis: 0,
      cooldown_s: 60,
      enabled: true,
      channel_ids: [4],
    });
  }, 20_000);

  it('checks the thresholds before sending anything', async () => {
    signInAs(adminMe);
    const api = server();
    const { user } = renderApp('/alerts/rules');

    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    await user.type(screen.getByLabelText('Name'), 'Band');
    await user.type(screen.getByLabelText('Metric'), 'vibration');
    await user.selectOptions(screen.getByLabelText('Fires when the value is'), 'outside');
    await user.type(screen.getByLabelText('Low threshold'), '0.5');
    await user.type(screen.getByLabelText('High threshold'), '0.1');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    expect(descriptionOf(screen.getByLabelText('High threshold'))).toMatch('Must be greater than threshold');
    expect(api.calls('POST', '/api/alert-rules')).toHaveLength(0);
  }, 20_000);

  it('edits a rule with every field filled in from it', async () => {
    signInAs(adminMe);
    const rule = makeRule({ id: 1, scope: { device_id: null, model: 'centrifugal_pump' }, channel_ids: [4] });
    const api = server({
      'GET /api/alert-rules': { body: { items: [rule], total: 1 } },
      'PATCH /api/alert-rules/1': (request) => ({ body: { ...rule, ...(request.body as object) } }),
    });
    const { user } = renderApp('/alerts/rules');

    await user.click(await screen.findByRole('button', { name: 'Edit High temperature' }));
    const form = screen.getByRole('region', { name: 'Edit High temperature' });
    expect(within(form).getByLabelText<HTMLSelectElement>('Device model').value).toBe('centrifugal_pump');
    expect(within(form).getByLabelText<HTMLInputElement>('For at least (seconds)').value).toBe('300');
    expect(within(form).getByRole<HTMLInputElement>('checkbox', { name: /Ops Slack/ }).checked).toBe(true);

    await user.clear(within(form).getByLabelText('Threshold'));
    await user.type(within(form).getByLabelText('Threshold'), '85');
    await user.click(within(form).getByRole('button', { name: 'Save rule' }));

    expect(await screen.findByText('High temperature was saved.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/alert-rules/1')[0]?.body).toMatchObject({
      threshold: 85,
      duration_s: 300,
    });
  }, 20_000);

  it("scopes a rule to an asset's computed metric, shows the server's reason, and lists it readably", async () => {
    signInAs(adminMe);
    let refused = false;
    const api = server({
      'POST /api/alert-rules': (request) => {
        if (!refused) {
          refused = true;
          return errorReply(400, 'validation_failed', 'invalid alert rule', {
            metric: "asset 'LINE_A' has no computed metric 'flow'",
          });
        }
        const body = request.body as object;
        return { status: 201, body: makeRule({ id: 7, ...body, name: 'Line overload' }) };
      },
    });
    const { user } = renderApp('/alerts/rules');

    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    await user.type(screen.getByLabelText('Name'), 'Line overload');
    await user.selectOptions(screen.getByLabelText('Applies to'), 'asset');
    await user.selectOptions(await screen.findByLabelText('Asset'), 'SITE');
    // The site has no computed metric: the picker says where to define one.
    const picker = screen.getByLabelText<HTMLSelectElement>('Computed metric');
    expect(
      await within(picker).findByRole('option', { name: 'This asset has no computed metrics' }),
    ).toBeTruthy();
    expect(descriptionOf(picker)).toMatch("Define one on the asset's page first.");

    await user.selectOptions(screen.getByLabelText('Asset'), 'LINE_A');
    await within(picker).findByRole('option', { name: 'flow (m³/h) = sum(devices.flow)' });
    expect(within(picker).queryByRole('option', { name: 'This asset has no computed metrics' })).toBeNull();
    await user.selectOptions(picker, 'flow');
    await user.type(screen.getByLabelText('Threshold'), '120');
    await user.selectOptions(screen.getByLabelText('Severity'), 'critical');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    expect(await screen.findByText('The rule was not saved')).toBeTruthy();
    expect(descriptionOf(screen.getByLabelText('Computed metric'))).toMatch(
      "Asset 'LINE_A' has no computed metric 'flow'",
    );
    await user.selectOptions(screen.getByLabelText('Computed metric'), 'total_power');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await screen.findByText('Line overload was created and is being evaluated.')).toBeTruthy();
    expect(api.calls('POST', '/api/alert-rules')[1]?.body).toMatchObject({
      scope: { model: null, device_id: null, asset_id: 'LINE_A' },
      metric: 'total_power',
      operator: '>',
      threshold: 120,
      severity: 'critical',
    });
    const row = screen.getByRole('row', { name: /Line overload/ });
    expect(within(row).getByRole('link', { name: 'Line A' }).getAttribute('href')).toBe('/assets/LINE_A');
    expect(row.textContent).toContain('computed metric total_power');
  }, 20_000);

  it('edits an asset rule with its asset and metric chosen, and keeps its scope', async () => {
    signInAs(adminMe);
    const rule = makeRule({
      id: 3,
      name: 'Line overload',
      scope: { device_id: null, model: null, asset_id: 'LINE_A' },
      metric: 'total_power',
      threshold: 120,
    });
    const api = server({
      'GET /api/alert-rules': { body: { items: [rule], total: 1 } },
      'PATCH /api/alert-rules/3': (request) => ({ body: { ...rule, ...(request.body as object) } }),
    });
    const { user } = renderApp('/alerts/rules');

    await user.click(await screen.findByRole('button', { name: 'Edit Line overload' }));
    const form = screen.getByRole('region', { name: 'Edit Line overload' });
    expect(within(form).getByLabelText<HTMLSelectElement>('Applies to').value).toBe('asset');
    await waitFor(() => expect(within(form).getByLabelText<HTMLSelectElement>('Asset').value).toBe('LINE_A'));
    const metric = within(form).getByLabelText<HTMLSelectElement>('Computed metric');
    expect(metric.value).toBe('total_power');
    await within(metric).findByRole('option', { name: 'total_power (kW) = sum(devices.total_power)' });
    await user.clear(within(form).getByLabelText('Threshold'));
    await user.type(within(form).getByLabelText('Threshold'), '130');
    await user.click(within(form).getByRole('button', { name: 'Save rule' }));

    expect(await screen.findByText('Line overload was saved.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/alert-rules/3')[0]?.body).toMatchObject({
      scope: { model: null, device_id: null, asset_id: 'LINE_A' },
      metric: 'total_power',
      threshold: 130,
    });
  }, 20_000);

  it('is for administrators only', async () => {
    signInAs(operatorMe);
    const api = mockApi({ 'GET /api/whoami': { body: operatorMe } });
    renderApp('/alerts/rules');

    expect(await screen.findByText('You are not allowed to see this page')).toBeTruthy();
    expect(api.calls('GET', '/api/alert-rules')).toHaveLength(0);
  });
});
