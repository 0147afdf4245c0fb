import type { DevicePredictions, MetricPrediction } from '@dtwin/contracts/predictions';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../test/fetch-mock';
import { adminMe, operatorMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';
import { makeDevice, makeTwin, pumpModel } from '../../test/device-fixtures';

const now = new Date().toISOString();
const pump = makeDevice({ id: 'PUMP_001', name: 'Cooling pump 1' });

function row(over: Partial<MetricPrediction>): MetricPrediction {
  return {
    metric: 'vibration',
    unit: 'mm/s',
    direction: 'high',
    current: 4.2,
    level: 4.2,
    limit: 11.2,
    slope_per_h: 0.1,
    rul_h: null,
    rul_low_h: null,
    rul_high_h: null,
    failure_at: null,
    failure_probability: { '24h': 0, '7d': 0, '30d': 0 },
    confidence: 0,
    model: 'none',
    evidence: {
      summary: 'steady',
      lookback_h: 1,
      onset: null,
      points: 60,
      envelope_edge: null,
      envelope_source: 'normal_range',
      departure: 0,
      fit_evidence: 0,
      rate_per_h: 0,
    },
    computed_at: now,
    ...over,
  };
}

function server(predictions: DevicePredictions, who = adminMe) {
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/devices/PUMP_001': { body: { device: pump } },
    'GET /api/devices/PUMP_001/twin': {
      body: makeTwin({ device_id: 'PUMP_001' }),
      headers: { ETag: 'W/"1"' },
    },
    'GET /api/devices/PUMP_001/predictions': { body: predictions },
    'GET /api/devices/PUMP_001/telemetry': {
      body: { metric: 'vibration', unit: 'mm/s', step: 'raw', from: now, to: now, points: [] },
    },
    'GET /api/devices/PUMP_001/events': {
      body: {
        items: [
          {
            id: 1,
            device_id: 'PUMP_001',
            type: 'failure',
            ts: now,
            failure_mode: 'bearing wear',
            notes: 'seized',
            created_by: 'maint',
            created_at: now,
          },
        ],
      },
    },
    'POST /api/devices/PUMP_001/events': (request) => ({
      status: 201,
      body: {
        event: {
          id: 2,
          device_id: 'PUMP_001',
          ...(request.body as object),
          failure_mode: null,
          notes: null,
          created_by: 'op',
          created_at: now,
        },
      },
    }),
  });
}

const base = { device_id: 'PUMP_001', computed_at: now, worst: null, fleet: null };

describe('failure prediction on the device page', { timeout: 20_000 }, () => {
  it('shows the fleet model, its RUL with interval and the probabilities the API gives', async () => {
    signInAs(adminMe);
    server({
      ...base,
      method: 'fleet_model',
      failure_probability: { '24h': 0.12, '7d': 0.81, '30d': 0.99 },
      fleet: {
        rul_h: 60,
        rul_low_h: 30,
        rul_high_h: 100,
        failure_at: now,
        failure_probability: { '24h': 0.12, '7d': 0.81, '30d': 0.99 },
        model_version: 3,
        trained_on: 7,
        since: now,
        computed_at: now,
      },
      predictions: [row({})],
    });
    renderApp('/devices/PUMP_001?tab=predictions');
    expect(await screen.findByText('Fleet model', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText(/Remaining useful life ≈ 2\.5 d \(30 h – 4\.2 d, 90 %\)/)).toBeTruthy();
    expect(screen.getByText(/12 % \/ 81 % \/ 99 %/)).toBeTruthy();
    expect(screen.getByText(/learnt from 7 recorded run-to-failure histories/)).toBeTruthy();
  });

  it('never says "no metric is heading for a limit" above a row that gives a time; hides a meaningless 0 %', async () => {
    signInAs(adminMe);
    server({
      ...base,
      method: 'limit_trend',
      failure_probability: { '24h': 0, '7d': 0, '30d': 0 },
      predictions: [
        row({
          metric: 'discharge_pressure',
          unit: 'bar',
          rul_h: 0.1,
          rul_low_h: 0.05,
          rul_high_h: 0.27,
          confidence: 0,
        }),
        row({ metric: 'vibration' }),
      ],
    });
    renderApp('/devices/PUMP_001?tab=predictions');
    expect(await screen.findByText('Limit trends', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByText(/No metric is heading for a critical limit/)).toBeNull();
    expect(
      screen.getByText(/One metric has a projected crossing, but none with enough evidence/),
    ).toBeTruthy();
    // The metric without a crossing shows no confidence at all; the one with a crossing explains its 0 %.
    expect(screen.getAllByText('0 %')).toHaveLength(1);
    expect(screen.getAllByText('—')).toHaveLength(1);
    expect(screen.getByText(/within its usual range/)).toBeTruthy();
  });

  it('lists the maintenance log beside the charts, and operators record a failure', async () => {
    signInAs(operatorMe);
    const api = server(
      {
        ...base,
        method: 'limit_trend',
        failure_probability: { '24h': 0, '7d': 0, '30d': 0 },
        predictions: [],
      },
      operatorMe,
    );
    const { user } = renderApp('/devices/PUMP_001');
    expect(await screen.findByText(/bearing wear/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText(/seized/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Record an event' }));
    await user.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(api.calls('POST', '/api/devices/PUMP_001/events')).toHaveLength(1));
    const sent = api.calls('POST', '/api/devices/PUMP_001/events')[0]!.body as { type: string; ts: string };
    expect(sent.type).toBe('failure');
    expect(sent.ts).toMatch(/Z$/);
  });
});
