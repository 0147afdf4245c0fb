import type { Twin } from '@dtwin/contracts/twin';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { latestSocket } from '../../test/fake-socket';
import FakeUPlot from '../../test/fake-uplot';
import { errorReply, mockApi, type RecordedRequest, type Route } from '../../test/fetch-mock';
import { adminMe, operatorMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';
import { makeDevice, makeTwin, pumpModel } from '../../test/device-fixtures';

const pump = makeDevice({ id: 'PUMP_001', name: 'Cooling pump 1' });
const twinV3 = makeTwin({
  device_id: 'PUMP_001',
  version: 3,
  desired: { speed_setpoint_rpm: 2900 },
  reported: { metrics: {}, properties: { speed_setpoint_rpm: 2900, sample_interval_s: 5 } },
});

function history(request: RecordedRequest) {
  const to = request.query.get('to') ?? new Date().toISOString();
  const t = Date.parse(to);
  const points = [3, 2, 1].map((ago) => ({ ts: new Date(t - ago * 60_000).toISOString(), value: 50 + ago }));
  return {
    body: {
      metric: request.query.get('metric'),
      unit: '°C',
      step: 'raw',
      from: request.query.get('from') ?? to,
      to,
      points,
    },
  };
}

function deviceServer(who = adminMe, extra: Record<string, Route> = {}) {
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/devices/PUMP_001': { body: { device: pump } },
    'GET /api/devices/PUMP_001/twin': { body: twinV3, headers: { ETag: 'W/"3"' } },
    'GET /api/devices/PUMP_001/telemetry': history,
    'GET /api/devices/PUMP_001/anomaly': { body: { device_id: 'PUMP_001', context: null } },
    'GET /api/devices/PUMP_001/events': { body: { items: [] } },
    'GET /api/devices/PUMP_001/metrics': { body: { items: [] } },
    'GET /api/devices/PUMP_001/ingest': {
      body: { accepted: 1200, duplicates: 3, rejected: { non_finite: 2 }, last_rejection: null },
    },
    ...extra,
  });
}

function chartOf(label: string): HTMLElement {
  const section = screen.getByRole('region', { name: label });
  return section;
}

// Whole-app renders with typing are slow under jsdom on a busy machine; the default 5 s is too tight.
describe('device page', { timeout: 20_000 }, () => {
  it('shows the history per metric and appends live readings in bounded, frame-batched buffers', async () => {
    signInAs(adminMe);
    const api = deviceServer();
    renderApp('/devices/PUMP_001?range=15m');

    expect(await screen.findByRole('heading', { name: 'Cooling pump 1' }, { timeout: 5000 })).toBeTruthy();
    await waitFor(() => expect(within(chartOf('Bearing temperature')).getByText(/3 points/)).toBeTruthy());
    const request = api
      .calls('GET', '/api/devices/PUMP_001/telemetry')
      .find((r) => r.query.get('metric') === 'flow');
    expect(Date.parse(request?.query.get('to') ?? '') - Date.parse(request?.query.get('from') ?? '')).toBe(
      15 * 60_000,
    );

    const socket = latestSocket();
    await waitFor(() => expect(socket.subscribedRooms()).toContain('device:PUMP_001'));
    const chart = FakeUPlot.instances.find(
      (u) => (u.opts.series?.[1] as { label?: string }).label === 'Bearing temperature',
    );
    if (!chart) throw new Error('no chart for bearing temperature');
    const callsBefore = chart.setDataCalls;

    // Forty minutes of readings, one a second, in one burst: more than the 15-minute window holds.
    const start = Date.now() + 1000;
    act(() => {
      for (let i = 0; i < 2400; i += 1) {
        const ts = new Date(start + i * 1000).toISOString();
        socket.serverEmit('telemetry', {
          device_id: 'PUMP_001',
          metrics: { bearing_temperature: { value: 40 + (i % 10), ts } },
        });
      }
      socket.serverEmit('telemetry', {
        device_id: 'OTHER',
        metrics: { bearing_temperature: { value: 1, ts: new Date().toISOString() } },
      });
    });

    await waitFor(() => expect(within(chartOf('Bearing temperature')).getByText('49 °C')).toBeTruthy());
    const shown = Number(
      chartOf('Bearing temperature').querySelector('[data-points]')?.getAttribute('data-points'),
    );
    expect(shown).toBe(15 * 60 + 1);
    expect(chart.data[0]).toHaveLength(15 * 60 + 1);
    // The burst was drawn in one go, not once per message.
    expect(chart.setDataCalls - callsBefore).toBe(1);
    // Other metrics were not touched.
    expect(within(chartOf('Flow')).getByText(/3 points/)).toBeTruthy();
  });

  it('says on the twin tab what anomaly detection re-baselined after, instead of alerting', async () => {
    signInAs(viewerMe);
    deviceServer(viewerMe, {
      'GET /api/devices/PUMP_001/anomaly': {
        body: {
          device_id: 'PUMP_001',
          context: {
            reason: 'speed_setpoint_rpm 2900 → 2500',
            at: '2026-01-05T08:33:20.000Z',
            until: '2026-01-05T08:38:20.000Z',
            active: false,
            message: 're-baselined after speed_setpoint_rpm 2900 → 2500 at 2026-01-05T08:33:20.000Z',
          },
        },
      },
    });
    renderApp('/devices/PUMP_001?tab=twin');
    const note = await screen.findByText(
      /Anomaly detection re-baselined after speed_setpoint_rpm 2900 → 2500 at/,
    );
    expect(note.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-05T08:33:20.000Z');
  });

  it('sends the ETag as If-Match and reloads with a message when someone else changed the twin', async () => {
    signInAs(operatorMe);
    let current: Twin = twinV3;
    const api = deviceServer(operatorMe, {
      'GET /api/devices/PUMP_001/twin': () => ({
        body: current,
        headers: { ETag: `W/"${current.version}"` },
      }),
      'PATCH /api/devices/PUMP_001/twin': (request) => {
        if (request.headers.get('If-Match') !== `W/"${current.version}"`)
          return errorReply(412, 'precondition_failed', 'the twin changed since you read it');
        const desired = (request.body as { desired: Record<string, number> }).desired;
        current = {
          ...current,
          version: current.version + 1,
          desired: { ...current.desired, ...desired },
          delta: desired,
        };
        return { body: current, headers: { ETag: `W/"${current.version}"` } };
      },
    });
    const { user } = renderApp('/devices/PUMP_001?tab=twin');

    const speed = await screen.findByLabelText('Speed setpoint (rpm)', {}, { timeout: 5000 });
    expect(speed).toHaveProperty('value', '2900');
    expect(speed.getAttribute('min')).toBe('0');
    expect(speed.getAttribute('max')).toBe('3000');
    await user.clear(speed);
    await user.type(speed, '1500');
    await user.click(screen.getByRole('button', { name: 'Save desired state' }));

    expect(await screen.findByText(/Saved as version 4/)).toBeTruthy();
    const first = api.calls('PATCH', '/api/devices/PUMP_001/twin')[0];
    expect(first?.headers.get('If-Match')).toBe('W/"3"');
    expect(first?.body).toEqual({ desired: { speed_setpoint_rpm: 1500 } });
    expect(screen.getByText('Not applied yet')).toBeTruthy();

    // Someone else saves version 5 meanwhile.
    current = { ...current, version: 5, desired: { ...current.desired, speed_setpoint_rpm: 1200 } };
    await user.clear(speed);
    await user.type(speed, '1800');
    await user.click(screen.getByRole('button', { name: 'Save desired state' }));

    expect(await screen.findByText(/Changed by someone else — reloaded/)).toBeTruthy();
    expect(api.calls('PATCH', '/api/devices/PUMP_001/twin')[1]?.headers.get('If-Match')).toBe('W/"4"');
    await waitFor(() =>
      expect(screen.getByLabelText('Speed setpoint (rpm)')).toHaveProperty('value', '1200'),
    );
    expect(screen.getByText(/Version 5\./)).toBeTruthy();
  });

  it('keeps edits in progress on their old version when the twin changes live, so saving is refused', async () => {
    signInAs(operatorMe);
    let current: Twin = twinV3;
    const api = deviceServer(operatorMe, {
      'GET /api/devices/PUMP_001/twin': () => ({
        body: current,
        headers: { ETag: `W/"${current.version}"` },
      }),
      'PATCH /api/devices/PUMP_001/twin': errorReply(412, 'precondition_failed', 'the twin changed'),
    });
    const { user } = renderApp('/devices/PUMP_001?tab=twin');
    const speed = await screen.findByLabelText('Speed setpoint (rpm)', {}, { timeout: 5000 });
    await user.clear(speed);
    await user.type(speed, '1000');

    current = { ...twinV3, version: 4, desired: { speed_setpoint_rpm: 2000 } };
    act(() => latestSocket().serverEmit('twin', current));
    expect(
      await screen.findByText(/changed elsewhere while you were editing \(now version 4\)/),
    ).toBeTruthy();
    expect(screen.getByLabelText('Speed setpoint (rpm)')).toHaveProperty('value', '1000');
    expect(screen.getByText(/Version 4\./)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save desired state' }));
    expect(await screen.findByText(/Changed by someone else — reloaded/)).toBeTruthy();
    expect(api.calls('PATCH', '/api/devices/PUMP_001/twin')[0]?.headers.get('If-Match')).toBe('W/"3"');
    await waitFor(() =>
      expect(screen.getByLabelText('Speed setpoint (rpm)')).toHaveProperty('value', '2000'),
    );
  });

  it('checks desired values against the model before sending them', async () => {
    signInAs(operatorMe);
    const api = deviceServer(operatorMe);
    const { user } = renderApp('/devices/PUMP_001?tab=twin');
    const speed = await screen.findByLabelText('Speed setpoint (rpm)', {}, { timeout: 5000 });
    await user.clear(speed);
    await user.type(speed, '3500');
    await user.click(screen.getByRole('button', { name: 'Save desired state' }));
    expect(await screen.findByText('Must be at most 3000.')).toBeTruthy();
    expect(api.calls('PATCH', '/api/devices/PUMP_001/twin')).toHaveLength(0);
  });

  it('shows a viewer the twin but no editor and no admin buttons', async () => {
    signInAs(viewerMe);
    deviceServer(viewerMe);
    renderApp('/devices/PUMP_001?tab=twin');
    expect(await screen.findByText('Reported and desired', {}, { timeout: 5000 })).toBeTruthy();
    expect(await screen.findByText('Speed setpoint')).toBeTruthy();
    expect(screen.queryByText('Change desired state')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save desired state' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Rotate token' })).toBeNull();
  });

  it('shows an operator the editor but not the admin-only token rotation', async () => {
    signInAs(operatorMe);
    deviceServer(operatorMe);
    renderApp('/devices/PUMP_001?tab=twin');
    expect(await screen.findByRole('button', { name: 'Save desired state' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rotate token' })).toBeNull();
  });

  it('says honestly when an analytics endpoint is not there, and when there is nothing yet', async () => {
    signInAs(adminMe);
    deviceServer(adminMe, {
      'GET /api/devices/PUMP_001/predictions': errorReply(
        404,
        'not_found',
        'no route GET /api/devices/PUMP_001/predictions',
      ),
      'GET /api/devices/PUMP_001/health': errorReply(
        404,
        'not_found',
        "no health for 'PUMP_001' yet: it has sent no readings",
      ),
      'GET /api/devices/PUMP_001/health/history': {
        body: {
          device_id: 'PUMP_001',
          from: new Date().toISOString(),
          to: new Date().toISOString(),
          points: [],
        },
      },
    });
    const { user } = renderApp('/devices/PUMP_001?tab=predictions');
    expect(await screen.findByText('Predictions is not available', {}, { timeout: 5000 })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Health' }));
    expect(await screen.findByText('No health yet')).toBeTruthy();
    expect(screen.getByText(/it has sent no readings/)).toBeTruthy();
  });

  it('says so when the device does not exist', async () => {
    signInAs(adminMe);
    deviceServer(adminMe, { 'GET /api/devices/PUMP_001': errorReply(404, 'not_found', 'no such device') });
    renderApp('/devices/PUMP_001');
    expect(await screen.findByText('There is no device PUMP_001', {}, { timeout: 5000 })).toBeTruthy();
  });
});
