/**
 * One simulated device on the network: its own MQTT connection (username = device id, password =
 * its token), telemetry every sample interval, desired properties in, reported properties out,
 * silent periods, and reconnection with backoff. Never throws into the host process.
 */
import {
  commandMessageSchema,
  commandResponseTopic,
  commandSubscription,
  parseCommandTopic,
} from '@dtwin/contracts/commands';
import { deviceTopics, mqttTopics, type MqttPayload } from '@dtwin/contracts/mqtt';
import { connect, Store, type MqttClient } from 'mqtt';
import type { Clock } from '../../src/lib/clock';
import { runCommand } from './device-commands';
import type { DeviceSim } from './device-sim';

export interface SimLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: SimLogger = { info() {}, warn() {}, debug() {} };

/** Shared by every link of a fleet; plain numbers so stats() is a copy, not a computation. */
export interface LinkCounters {
  connects: number;
  connectErrors: number;
  published: number;
  publishErrors: number;
  reported: number;
  desiredApplied: number;
  desiredRejected: number;
  silences: number;
}

export interface DeviceLinkOptions {
  brokerUrl: string;
  token?: string;
  clientId: string;
  sim: DeviceSim;
  clock: Clock;
  logger: SimLogger;
  counters: LinkCounters;
  /** Divides real waits (publish interval, stagger, backoff) so tests run in milliseconds. */
  speedup: number;
  startDelayMs: number;
  /** Uniform 0..1 for backoff jitter. */
  random: () => number;
}

export interface DeviceLinkStatus {
  id: string;
  model: string;
  connected: boolean;
  silentUntil: number | null;
  published: number;
  lastPublishAt: number | null;
  connects: number;
  sampleIntervalS: number;
}

export interface DeviceLink {
  start(): void;
  stop(): Promise<void>;
  status(): DeviceLinkStatus;
}

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const AUTH_BACKOFF_MAX_MS = 5 * 60_000;

function isAuthError(err: Error): boolean {
  const code = (err as Error & { code?: unknown }).code;
  // MQTT 3.1.1 CONNACK 4/5, MQTT 5 reason codes 134/135.
  return code === 4 || code === 5 || code === 134 || code === 135;
}

/** Ends a client without letting a late 'error' event escape as an uncaught exception. */
function endClient(client: MqttClient, force: boolean): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => {});
  return new Promise((resolve) => {
    const timer = setTimeout(() => client.end(true, {}, () => resolve()), 2000);
    client.end(force, {}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function createDeviceLink(o: DeviceLinkOptions): DeviceLink {
  const { sim, clock, logger, counters } = o;
  const id = sim.id;
  const topics = deviceTopics(id);
  let client: MqttClient | null = null;
  let connected = false;
  let stopping = false;
  let silentUntil: number | null = null;
  let publishTimer: NodeJS.Timeout | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let backoffMs = BACKOFF_MIN_MS;
  let failures = 0;
  let authFailed = false;
  let published = 0;
  let connects = 0;
  let lastPublishAt: number | null = null;
  // Outlives each connection: a QoS 1 message not acknowledged when a connection drops (say the
  // server could not store it) is sent again on the next one, as a real device would.
  const outgoingStore = new Store({ clean: false });

  const intervalMs = () => (sim.sampleIntervalS() * 1000) / o.speedup;

  function clearPublish() {
    if (publishTimer) clearTimeout(publishTimer);
    publishTimer = null;
  }

  function open() {
    reconnectTimer = null;
    if (stopping) return;
    const c = connect(o.brokerUrl, {
      clientId: o.clientId,
      username: id,
      password: o.token,
      // Reconnection is ours: mqtt.js retries at a fixed period, we back off.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      clean: true,
      outgoingStore,
    });
    client = c;
    c.on('connect', () => onConnect(c));
    c.on('message', (topic, payload) => {
      if (topic === topics.desired) onDesired(c, payload);
      else onCommand(c, topic, payload);
    });
    c.on('error', (err) => {
      authFailed = isAuthError(err);
      if (!connected) counters.connectErrors++;
      // Log the first failure of a streak and then every power of two, not one line per retry.
      if ((failures & (failures - 1)) === 0) {
        logger.warn(
          { device: id, error: err.message, attempts: failures + 1 },
          'simulated device: broker error',
        );
      }
    });
    c.on('close', () => onClose(c));
  }

  function onConnect(c: MqttClient) {
    connected = true;
    connects++;
    counters.connects++;
    if (failures > 0) logger.info({ device: id, attempts: failures }, 'simulated device reconnected');
    failures = 0;
    backoffMs = BACKOFF_MIN_MS;
    authFailed = false;
    c.subscribe(topics.desired, { qos: 1 }, (err) => {
      if (err)
        logger.warn({ device: id, error: err.message }, 'simulated device: cannot subscribe to desired');
    });
    // Commands that waited while it was away arrive once this subscription is granted.
    c.subscribe(commandSubscription(id), { qos: 1 }, (err) => {
      if (err)
        logger.warn({ device: id, error: err.message }, 'simulated device: cannot subscribe to commands');
    });
    report(c, sim.properties());
    schedulePublish(0);
  }

  function onCommand(c: MqttClient, topic: string, payload: Buffer) {
    const target = parseCommandTopic(topic);
    if (target?.deviceId !== id) return;
    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      message = undefined;
    }
    const parsed = commandMessageSchema.safeParse(message);
    const answer = parsed.success
      ? runCommand(sim, parsed.data.name, parsed.data.params, clock.now())
      : { status: 'error' as const, message: 'malformed command' };
    logger.info(
      { device: id, command: parsed.data?.name, status: answer.status },
      'simulated device ran a command',
    );
    c.publish(commandResponseTopic(id, target.commandId), JSON.stringify(answer), { qos: 1 }, (err) => {
      if (err) counters.publishErrors++;
    });
  }

  function onClose(c: MqttClient) {
    if (c !== client) return;
    connected = false;
    client = null;
    clearPublish();
    void endClient(c, true);
    if (!stopping && silentUntil === null) scheduleReconnect();
  }

  function scheduleReconnect() {
    if (reconnectTimer || stopping) return;
    failures++;
    const delay = (backoffMs * (0.5 + 0.5 * o.random())) / o.speedup;
    backoffMs = Math.min(backoffMs * 2, authFailed ? AUTH_BACKOFF_MAX_MS : BACKOFF_MAX_MS);
    reconnectTimer = setTimeout(open, delay);
  }

  function schedulePublish(delayMs: number) {
    clearPublish();
    publishTimer = setTimeout(tick, delayMs);
  }

  function tick() {
    publishTimer = null;
    const c = client;
    if (stopping || !connected || !c) return;
    const now = clock.now();
    const link = sim.connectivity(now);
    if (!link.online) return goSilent(link.until ?? now + 60_000);
    const payload: MqttPayload<'telemetry'> = { ts: Math.round(now), metrics: sim.sample(now) };
    c.publish(topics.telemetry, JSON.stringify(payload), { qos: 1 }, (err) => {
      if (err) counters.publishErrors++;
      else {
        published++;
        counters.published++;
      }
    });
    lastPublishAt = now;
    schedulePublish(intervalMs());
  }

  function goSilent(until: number) {
    silentUntil = until;
    counters.silences++;
    logger.debug({ device: id, until: new Date(until).toISOString() }, 'simulated device goes silent');
    const c = client;
    client = null;
    connected = false;
    clearPublish();
    if (c) void endClient(c, false);
    waitOutSilence();
  }

  function waitOutSilence() {
    // The silence is in clock time, which need not be wall time: look again every sample interval.
    const remaining = (silentUntil ?? 0) - clock.now();
    if (remaining > 0) {
      reconnectTimer = setTimeout(
        () => {
          reconnectTimer = null;
          if (!stopping) waitOutSilence();
        },
        Math.max(20, Math.min(remaining, intervalMs())),
      );
      return;
    }
    silentUntil = null;
    open();
  }

  function onDesired(c: MqttClient, payload: Buffer) {
    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      message = undefined;
    }
    const parsed = mqttTopics.desired.payload.safeParse(message);
    if (!parsed.success) {
      counters.desiredRejected++;
      logger.warn({ device: id }, 'simulated device: ignored a malformed desired message');
      return;
    }
    const before = sim.sampleIntervalS();
    const applied = sim.applyDesired(parsed.data.desired);
    counters.desiredApplied++;
    logger.info(
      { device: id, version: parsed.data.version, applied },
      'simulated device applied desired properties',
    );
    if (Object.keys(applied).length > 0) report(c, applied);
    // A new interval takes effect from now, not after the old, possibly long, wait.
    if (sim.sampleIntervalS() !== before && connected) schedulePublish(intervalMs());
  }

  function report(c: MqttClient, props: MqttPayload<'reported'>) {
    c.publish(topics.reported, JSON.stringify(props), { qos: 1 }, (err) => {
      if (err) counters.publishErrors++;
      else counters.reported++;
    });
  }

  return {
    start() {
      reconnectTimer = setTimeout(open, o.startDelayMs);
    },
    async stop() {
      stopping = true;
      clearPublish();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const c = client;
      client = null;
      connected = false;
      if (c) await endClient(c, false);
    },
    status: () => ({
      id,
      model: sim.model,
      connected,
      silentUntil,
      published,
      lastPublishAt,
      connects,
      sampleIntervalS: sim.sampleIntervalS(),
    }),
  };
}
