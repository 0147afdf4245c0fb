import { serverEventSchemas } from '@dtwin/contracts/realtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoConnect, io, latestSocket, openedSockets } from '../test/fake-socket';
import { createSocketManager } from './socket';
import type { AppSocketManager } from './socket-hooks';
import { createTokenStore, TOKEN_KEY } from './token-storage';

function setup(token: string | null = 'token-1') {
  autoConnect.enabled = false;
  if (token) localStorage.setItem(TOKEN_KEY, token);
  const tokens = createTokenStore();
  const onUnauthorized = vi.fn();
  const network = Object.assign(new EventTarget(), { navigator: { onLine: true } });
  const manager: AppSocketManager = createSocketManager({
    tokens,
    onUnauthorized,
    connect: io,
    schemas: serverEventSchemas,
    events: network,
  });
  manager.start();
  return { manager, tokens, onUnauthorized, network };
}

/** Lets the fake server's acknowledgements (microtasks) arrive. */
const acks = () => new Promise((resolve) => setTimeout(resolve, 0));

let running: AppSocketManager | null = null;
afterEach(() => running?.stop());

describe('socket manager', () => {
  it('joins a room once however many views watch it, and leaves when the last one goes', async () => {
    const { manager } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverConnect();

    const leaveA = manager.join('device:PUMP_1');
    const leaveB = manager.join('device:PUMP_1');
    expect(socket.count('subscribe', 'device:PUMP_1')).toBe(1);
    expect(manager.rooms().get('device:PUMP_1')).toBe(2);

    leaveA();
    leaveA(); // a second call of the same leave must not steal the other view's reference
    expect(socket.count('unsubscribe', 'device:PUMP_1')).toBe(0);
    leaveB();
    expect(socket.count('unsubscribe', 'device:PUMP_1')).toBe(1);
    expect(socket.subscribedRooms()).toEqual([]);
    expect(manager.rooms().size).toBe(0);
  });

  it('joins rooms asked for while disconnected as soon as it connects', () => {
    const { manager } = setup();
    running = manager;
    manager.join('fleet');
    const socket = latestSocket();
    expect(socket.emitted).toEqual([]);
    expect(manager.getState()).toBe('connecting');

    socket.serverConnect();
    expect(manager.getState()).toBe('connected');
    expect(socket.subscribedRooms()).toEqual(['fleet']);
  });

  it('joins every room again after a reconnection and then signals a resync', async () => {
    const { manager } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverConnect();
    manager.join('fleet');
    manager.join('device:PUMP_1');
    const leaveGone = manager.join('device:GONE');
    leaveGone();
    const resync = vi.fn();
    manager.subscribeResync(resync);
    await acks();
    expect(resync).not.toHaveBeenCalled();

    socket.serverDrop();
    expect(manager.getState()).toBe('reconnecting');
    socket.serverConnect();
    expect(socket.count('subscribe', 'fleet')).toBe(2);
    expect(socket.count('subscribe', 'device:PUMP_1')).toBe(2);
    expect(socket.count('subscribe', 'device:GONE')).toBe(1);
    // Only once the server has confirmed the rooms: a refetch before that could miss events again.
    expect(resync).not.toHaveBeenCalled();
    await acks();
    expect(resync).toHaveBeenCalledTimes(1);
    expect(manager.getResyncEpoch()).toBe(1);
  });

  it('does not send unsubscribe while disconnected (the server forgot the rooms already)', () => {
    const { manager } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverConnect();
    const leave = manager.join('fleet');
    socket.serverDrop();
    leave();
    socket.serverConnect();
    expect(socket.count('unsubscribe', 'fleet')).toBe(0);
    expect(socket.count('subscribe', 'fleet')).toBe(1);
  });

  it('delivers validated events to listeners and drops malformed ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { manager } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverConnect();
    const listener = vi.fn();
    manager.on('telemetry', listener);

    const good = { device_id: 'PUMP_1', metrics: { flow: { value: 3.5, ts: '2025-03-12T13:03:07.000Z' } } };
    socket.serverEmit('telemetry', good);
    socket.serverEmit('telemetry', { device_id: 'PUMP_1', metrics: { flow: { value: 'high' } } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(good);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('clears the token and leaves for the login page when the server refuses the token', () => {
    const { manager, tokens, onUnauthorized } = setup();
    running = manager;
    latestSocket().serverRefuse('invalid or expired token', { code: 'unauthorized' });
    expect(tokens.get()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(manager.getState()).toBe('offline');
  });

  it('keeps retrying network failures and says offline after a few of them', () => {
    const { manager, tokens, onUnauthorized } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverRefuse('xhr poll error');
    expect(manager.getState()).toBe('connecting');
    // The server could not check the token (its database is down): not a reason to sign out.
    socket.serverRefuse('the server cannot check sign-ins right now; try again', { code: 'unavailable' });
    socket.serverRefuse('websocket error');
    expect(manager.getState()).toBe('offline');
    expect(tokens.get()).toBe('token-1');
    expect(onUnauthorized).not.toHaveBeenCalled();
    socket.serverConnect();
    expect(manager.getState()).toBe('connected');
  });

  it('follows the token: sign-out closes the socket, a new sign-in opens a new one', () => {
    const { manager, tokens } = setup();
    running = manager;
    const first = latestSocket();
    expect(first.token()).toBe('token-1');
    first.serverConnect();

    tokens.clear();
    expect(first.connected).toBe(false);
    expect(manager.getState()).toBe('offline');

    manager.join('fleet');
    tokens.set('token-2');
    expect(openedSockets).toHaveLength(2);
    const second = latestSocket();
    expect(second.token()).toBe('token-2');
    second.serverConnect();
    expect(second.subscribedRooms()).toEqual(['fleet']);
    // Events from the closed socket no longer reach anyone.
    const listener = vi.fn();
    manager.on('twin', listener);
    first.serverEmit('twin', {});
    expect(listener).not.toHaveBeenCalled();
  });

  it('opens nothing without a token', () => {
    const { manager } = setup(null);
    running = manager;
    expect(openedSockets).toHaveLength(0);
    expect(manager.getState()).toBe('offline');
  });

  it('says offline while the browser is offline', () => {
    const { manager, network } = setup();
    running = manager;
    const socket = latestSocket();
    socket.serverConnect();
    socket.serverDrop();
    network.navigator.onLine = false;
    network.dispatchEvent(new Event('offline'));
    expect(manager.getState()).toBe('offline');
    network.navigator.onLine = true;
    network.dispatchEvent(new Event('online'));
    expect(manager.getState()).toBe('reconnecting');
  });
});
