import type { ComputedMetric } from '@dtwin/contracts/computed-metrics';
import { serverEventSchemas } from '@dtwin/contracts/realtime';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lib/http';
import { HttpContext } from '../../lib/http-context';
import { createSocketManager } from '../../lib/socket';
import { SocketContext, type AppSocketManager } from '../../lib/socket-hooks';
import { io, latestSocket } from '../../test/fake-socket';
import { mockApi } from '../../test/fetch-mock';
import FakeUPlot from '../../test/fake-uplot';
import type { ComputedSubject } from './computed-metrics-api';
import { ComputedMetricsPanel } from './ComputedMetricsPanel';

const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

const totalPower: ComputedMetric = {
  name: 'total_power',
  unit: 'kW',
  expression: 'sum(devices.power)',
  value: 42.5,
  ts: iso(now),
  created_by: 'ada',
  created_at: iso(now - 60_000),
};

let sockets: AppSocketManager | null = null;
afterEach(() => sockets?.stop());

function renderPanel(canEdit: boolean, subject: ComputedSubject = { kind: 'asset', id: 'LINE_A' }) {
  const tokens = {
    get: () => 'token',
    set: () => undefined,
    clear: () => undefined,
    subscribe: () => () => undefined,
  };
  const http = createHttpClient({ tokens, onUnauthorized: () => undefined });
  sockets = createSocketManager({
    tokens,
    onUnauthorized: () => undefined,
    connect: io,
    schemas: serverEventSchemas,
  });
  sockets.start();
  render(
    <HttpContext value={http}>
      <SocketContext value={sockets}>
        <ComputedMetricsPanel subject={subject} canEdit={canEdit} />
      </SocketContext>
    </HttpContext>,
  );
  return userEvent.setup();
}

const history = {
  body: {
    metric: 'total_power',
    unit: 'kW',
    step: 'raw',
    from: iso(now - 3_600_000),
    to: iso(now),
    points: [
      { ts: iso(now - 20_000), value: 40 },
      { ts: iso(now - 10_000), value: 42.5 },
    ],
  },
};

describe('ComputedMetricsPanel', { timeout: 20_000 }, () => {
  it('lists each metric with its latest value, expression and chart; viewers cannot edit', async () => {
    const api = mockApi({
      'GET /api/assets/LINE_A/metrics': { body: { items: [totalPower] } },
      'GET /api/assets/LINE_A/telemetry': history,
    });
    renderPanel(false);
    const item = await screen.findByRole('listitem', { name: 'total_power' });
    expect(within(item).getByText('42.5 kW')).toBeTruthy();
    expect(within(item).getByText('sum(devices.power)')).toBeTruthy();
    await waitFor(() => expect(within(item).getByText('Every evaluation')).toBeTruthy());
    // The chart is drawn once its history has arrived, which a busy machine may delay.
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.data[1]).toEqual([40, 42.5]));
    const asked = api.requests.find((r) => r.path === '/api/assets/LINE_A/telemetry')!;
    expect(asked.query.get('metric')).toBe('total_power');
    expect(screen.queryByRole('button', { name: 'Add a metric' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete total_power' })).toBeNull();
  });

  it("follows the asset's room: values evaluated since the page loaded update the value and the chart", async () => {
    const api = mockApi({
      'GET /api/assets/LINE_A/metrics': { body: { items: [totalPower] } },
      'GET /api/assets/LINE_A/telemetry': history,
    });
    renderPanel(false);
    const item = await screen.findByRole('listitem', { name: 'total_power' });
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.data[1]).toEqual([40, 42.5]));
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toEqual(['asset:LINE_A']));

    act(() => {
      socket.serverEmit('asset_metrics', {
        asset_id: 'LINE_A',
        metrics: { total_power: { value: 47.25, ts: iso(now + 1000) } },
      });
      // Another asset's values are not this panel's.
      socket.serverEmit('asset_metrics', {
        asset_id: 'LINE_B',
        metrics: { total_power: { value: 99, ts: iso(now + 2000) } },
      });
    });
    await waitFor(() => expect(within(item).getByTestId('value-total_power').textContent).toBe('47.25 kW'));
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.data[1]).toEqual([40, 42.5, 47.25]));
    // Live, not polled: the metrics and their history were fetched once.
    expect(api.calls('GET', '/api/assets/LINE_A/metrics')).toHaveLength(1);
    expect(api.calls('GET', '/api/assets/LINE_A/telemetry')).toHaveLength(1);
  });

  it("shows the server's reason when an admin's expression is refused, and adds a valid one", async () => {
    let items: ComputedMetric[] = [];
    const api = mockApi({
      'GET /api/assets/LINE_A/metrics': () => ({ body: { items } }),
      'GET /api/assets/LINE_A/telemetry': history,
      'POST /api/assets/LINE_A/metrics': (request) => {
        const body = request.body as { name: string; unit: string; expression: string };
        if (body.expression.includes('eval')) {
          const message = "unknown function 'eval' (known: sum, mean, min, max, count)";
          return {
            status: 400,
            body: { error: { code: 'validation_failed', message, fields: { expression: message } } },
          };
        }
        const created = { ...totalPower, ...body, value: null, ts: null };
        items = [created];
        return { status: 201, body: created };
      },
    });
    const user = renderPanel(true);
    await screen.findByText(/No computed metrics/);
    await user.click(screen.getByRole('button', { name: 'Add a metric' }));
    await user.type(screen.getByLabelText('Name'), 'total_power');
    await user.type(screen.getByLabelText(/Unit/), 'kW');
    await user.type(screen.getByLabelText('Expression'), 'eval(power)');
    await user.click(screen.getByRole('button', { name: 'Add metric' }));
    expect(await screen.findAllByText(/unknown function 'eval'/)).not.toHaveLength(0);

    await user.clear(screen.getByLabelText('Expression'));
    await user.type(screen.getByLabelText('Expression'), 'sum(devices.power)');
    await user.click(screen.getByRole('button', { name: 'Add metric' }));
    const item = await screen.findByRole('listitem', { name: 'total_power' });
    expect(within(item).getByText('no value yet')).toBeTruthy();
    const posted = api.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(posted.body).toEqual({ name: 'total_power', unit: 'kW', expression: 'sum(devices.power)' });
  });

  it('asks before deleting a metric, then deletes it', async () => {
    let items = [totalPower];
    const api = mockApi({
      'GET /api/assets/LINE_A/metrics': () => ({ body: { items } }),
      'GET /api/assets/LINE_A/telemetry': history,
      'DELETE /api/assets/LINE_A/metrics/total_power': () => {
        items = [];
        return { status: 204 };
      },
    });
    const user = renderPanel(true);
    await user.click(await screen.findByRole('button', { name: 'Delete total_power' }));
    await user.click(screen.getByRole('button', { name: 'Delete metric' }));
    await screen.findByText(/No computed metrics/);
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it("a device's metrics: read and charted from the device's endpoints, its refusal shown", async () => {
    const specific: ComputedMetric = {
      ...totalPower,
      name: 'specific_energy',
      unit: 'kWh/m³',
      expression: 'power / flow',
      value: 0.25,
    };
    let items: ComputedMetric[] = [];
    const api = mockApi({
      'GET /api/devices/PUMP_1/metrics': () => ({ body: { items } }),
      'GET /api/devices/PUMP_1/telemetry': {
        body: {
          ...history.body,
          metric: 'specific_energy',
          unit: 'kWh/m³',
          points: [{ ts: iso(now), value: 0.25 }],
        },
      },
      'POST /api/devices/PUMP_1/metrics': (request) => {
        const body = request.body as { name: string; expression: string };
        if (body.expression.startsWith('sum(')) {
          const message =
            "'devices.power' is not allowed on a device: children.<metric> and devices.<metric> aggregate over an asset";
          return {
            status: 400,
            body: { error: { code: 'validation_failed', message, fields: { expression: message } } },
          };
        }
        items = [specific];
        return { status: 201, body: specific };
      },
    });
    const user = renderPanel(true, { kind: 'device', id: 'PUMP_1' });
    expect(await screen.findByText(/combines this device's own metrics/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add a metric' }));
    await user.type(screen.getByLabelText('Name'), 'specific_energy');
    await user.type(screen.getByLabelText('Expression'), 'sum(devices.power)');
    await user.click(screen.getByRole('button', { name: 'Add metric' }));
    expect(await screen.findAllByText(/'devices.power' is not allowed on a device/)).not.toHaveLength(0);

    await user.clear(screen.getByLabelText('Expression'));
    await user.type(screen.getByLabelText('Expression'), 'power / flow');
    await user.click(screen.getByRole('button', { name: 'Add metric' }));
    const item = await screen.findByRole('listitem', { name: 'specific_energy' });
    expect(within(item).getByText('power / flow')).toBeTruthy();
    expect(within(item).getByTestId('value-specific_energy').textContent).toMatch(/0\.25/);
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.data[1]).toEqual([0.25]));
    const asked = api.requests.find((r) => r.path === '/api/devices/PUMP_1/telemetry')!;
    expect(asked.query.get('metric')).toBe('specific_energy');
    expect(api.requests.some((r) => r.path.startsWith('/api/assets/'))).toBe(false);

    // Live from the device's room, like an asset's from its own.
    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toEqual(['device:PUMP_1']));
    act(() => {
      socket.serverEmit('device_metrics', {
        device_id: 'PUMP_1',
        metrics: { specific_energy: { value: 0.5, ts: iso(now + 1000) } },
      });
    });
    await waitFor(() =>
      expect(within(item).getByTestId('value-specific_energy').textContent).toMatch(/0\.5/),
    );
    await waitFor(() => expect(FakeUPlot.instances.at(-1)?.data[1]).toEqual([0.25, 0.5]));
  });
});
