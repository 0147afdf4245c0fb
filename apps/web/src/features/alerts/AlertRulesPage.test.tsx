import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeChannel, makeRule } from '../../test/alerting-fixtures';
import { makeDevice, makeMetric, pumpModel as basePumpModel } from '../../test/device-fixtures';
import { errorReply, mockApi } from '../../test/fetch-mock';
import { adminMe, operatorMe } from '../../test/fixtures';
import { descriptionOf, renderApp, signInAs } from '../../test/render-app';

const pumpModel = {
  ...basePumpModel,
  description: '',
  properties: [],
  metrics: [makeMetric('vibration', 'Vibration', 'mm/s', [0.1, 0.3], [0, 1], 'high')],
};

function server(extra: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  return mockApi({
    'GET /api/whoami': { body: adminMe },
    'GET /api/alert-rules': { body: { items: [makeRule({ id: 1, builtin: true })], total: 1 } },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/devices': { body: { items: [], total: 0 } },
    'GET /api/channels': {
      body: { items: [makeChannel({ id: 4, type: 'slack', name: 'Ops Slack' })], total: 1 },
    },
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
      scope: { model: null, device_id: 'PUMP_404' },
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

  it('is for administrators only', async () => {
    signInAs(operatorMe);
    const api = mockApi({ 'GET /api/whoami': { body: operatorMe } });
    renderApp('/alerts/rules');

    expect(await screen.findByText('You are not allowed to see this page')).toBeTruthy();
    expect(api.calls('GET', '/api/alert-rules')).toHaveLength(0);
  });
});
