import type { Command } from '@dtwin/contracts/commands';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeDevice, makeTwin, pumpModel } from '../../test/device-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { errorReply, mockApi, type Reply } from '../../test/fetch-mock';
import { adminMe, operatorMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';
import { formatResult } from './CommandsPanel';
import { mergeCommand } from './commands-api';

const pump = makeDevice({ id: 'PUMP_001', name: 'Cooling pump 1' });
const sent: Command = {
  id: '6f1c1d7e-1111-4222-8333-444455556666',
  device_id: 'PUMP_001',
  name: 'self_test',
  params: { level: 'full' },
  status: 'pending',
  timeout_s: 30,
  created_by: 'operator',
  created_at: new Date().toISOString(),
  expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  delivered_at: null,
  completed_at: null,
  result: null,
  message: null,
};

function server(
  who = operatorMe,
  post: Reply = { status: 202, body: { id: sent.id, status: 'pending', command: sent } },
) {
  return mockApi({
    'GET /api/whoami': { body: who },
    'GET /api/models': { body: { items: [pumpModel], total: 1 } },
    'GET /api/devices/PUMP_001': { body: { device: pump } },
    'GET /api/devices/PUMP_001/twin': {
      body: makeTwin({ device_id: 'PUMP_001' }),
      headers: { ETag: 'W/"1"' },
    },
    'GET /api/devices/PUMP_001/commands': { body: { items: [] } },
    'POST /api/devices/PUMP_001/commands': post,
  });
}

describe('commands on the device page', { timeout: 20_000 }, () => {
  it('sends a command with its parameters and shows its progress and result live', async () => {
    signInAs(operatorMe);
    const api = server();
    renderApp('/devices/PUMP_001?tab=commands');
    const form = await screen.findByRole('form', { name: 'Send a command' }, { timeout: 5000 });
    await userEvent.selectOptions(within(form).getByLabelText('Command'), 'self_test');
    await userEvent.selectOptions(within(form).getByLabelText('Level'), 'full');
    await userEvent.click(within(form).getByRole('button', { name: 'Send self-test' }));
    await waitFor(() => expect(api.calls('POST', '/api/devices/PUMP_001/commands')).toHaveLength(1));
    expect(api.calls('POST', '/api/devices/PUMP_001/commands')[0]?.body).toEqual({
      name: 'self_test',
      params: { level: 'full' },
    });
    expect(await screen.findByText('Waiting for the device')).toBeTruthy();

    const socket = latestSocket();
    act(() => {
      socket.serverEmit('command', {
        change: 'updated',
        command: { ...sent, status: 'succeeded', result: { passed: true, alarms: [] } },
      });
    });
    expect(await screen.findByText('Succeeded')).toBeTruthy();
    expect(screen.getByText(/passed: true; alarms: none/)).toBeTruthy();
    expect(screen.queryByText('Waiting for the device')).toBeNull();
  });

  it('shows why a command was refused', async () => {
    signInAs(adminMe);
    server(adminMe, errorReply(409, 'conflict', "device 'PUMP_001' has 20 commands waiting already"));
    renderApp('/devices/PUMP_001?tab=commands');
    const form = await screen.findByRole('form', { name: 'Send a command' }, { timeout: 5000 });
    fireEvent.click(within(form).getByRole('button', { name: /Send/ }));
    expect(await screen.findByText(/20 commands waiting already/)).toBeTruthy();
  });

  it('has no send form for viewers', async () => {
    signInAs(viewerMe);
    server(viewerMe);
    renderApp('/devices/PUMP_001?tab=commands');
    expect(
      await screen.findByText('No command has been sent to this device.', {}, { timeout: 5000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Send a command' })).toBeNull();
  });

  it('words results for people', () => {
    expect(formatResult({ passed: false, checks: { flow: 'ok', vibration: 'outside normal' } })).toBe(
      'passed: false; checks: (flow ok, vibration outside normal)',
    );
    expect(formatResult(null)).toBe('');
  });
});

describe('mergeCommand', () => {
  it('keeps the answer when the pending copy from the POST arrives after it', () => {
    const answered: Command = { ...sent, status: 'succeeded', result: { passed: true } };
    const list = mergeCommand(mergeCommand([], answered), sent);
    expect(list).toHaveLength(1);
    expect(list[0]?.status).toBe('succeeded');
    expect(list[0]?.result).toEqual({ passed: true });
  });

  it('moves a command forward and puts new ones first', () => {
    const older: Command = {
      ...sent,
      id: '6f1c1d7e-1111-4222-8333-000000000000',
      created_at: '2026-01-01T00:00:00Z',
    };
    const list = mergeCommand(mergeCommand([older], sent), { ...sent, status: 'delivered' });
    expect(list.map((c) => [c.id, c.status])).toEqual([
      [sent.id, 'delivered'],
      [older.id, 'pending'],
    ]);
  });
});
