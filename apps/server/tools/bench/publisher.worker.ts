/**
 * A process full of devices: each holds its own MQTT connection (username = device id, password
 * = its token) and publishes QoS 1 telemetry with at most `window` messages awaiting their
 * PUBACK. When the window is full a scheduled message is not sent (counted as throttled): that
 * is QoS 1 flow control slowing the publisher down, instead of an unbounded queue anywhere.
 */
import { createHistogram, type HistogramData } from './histogram';
import type { Publication } from './delivery-latency';
import { connectDevice, type DeviceConnection } from './mqtt-device';
import { nextPayload, type PayloadState } from './telemetry-payload';
import { reportProgress, serveWorker } from './worker-rpc';

export interface DeviceCredentials {
  id: string;
  token: string;
}

export interface ConnectArgs {
  host: string;
  port: number;
  devices: DeviceCredentials[];
  /** Connections opened at once. */
  concurrency: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  errors: string[];
  ms: number;
}

export interface RunArgs {
  /** closed: every device keeps its window full (as fast as acknowledgements come); paced: a fixed rate. */
  mode: 'closed' | 'paced';
  /** For this process, in messages per second (paced only). */
  messagesPerS: number;
  durationS: number;
  window: number;
  metrics: string[];
  /** Devices whose every publication is recorded (for end-to-end latency). */
  probeIds?: string[];
  /** Closed loop only: a device stops after this many messages (the run ends when all have). */
  maxPerDevice?: number;
  /** Only these devices publish (default: all connected). */
  deviceIds?: string[];
  drainTimeoutS: number;
  progressEveryS?: number;
  /**
   * 0: paced QoS 0, which no acknowledgement holds back: every scheduled message is written
   * unless the connection's unsent bytes are over `maxUnsentBytes` (then it is counted `unsent`).
   */
  qos?: 0 | 1;
  maxUnsentBytes?: number;
}

/** Sent every `progressEveryS`: totals so far, and the PUBACK latencies of that interval alone. */
export interface RunProgress {
  interval: number;
  sent: number;
  acked: number;
  failed: number;
  throttled: number;
  puback: HistogramData;
}

export interface RunResult {
  sent: number;
  acked: number;
  failed: number;
  throttled: number;
  /** Still unacknowledged when the drain timed out. */
  unacked: number;
  /** QoS 0: scheduled but dropped by the publisher, its connection's outgoing buffer being full. */
  unsent: number;
  /** From the first publication to the end of the schedule, and then until the last ack. */
  publishS: number;
  drainS: number;
  firstTs: number | null;
  lastTs: number | null;
  puback: HistogramData;
  probes: Record<string, Publication[]>;
}

interface Device extends PayloadState {
  connection: DeviceConnection;
}

const devices = new Map<string, Device>();
/** Changes the rate of the paced run in progress (the bench lowers it when the server falls behind). */
let setPacedRate: ((messagesPerS: number) => void) | null = null;
const wallNow = () => performance.timeOrigin + performance.now();

async function connect({ host, port, devices: list, concurrency }: ConnectArgs): Promise<ConnectResult> {
  const started = performance.now();
  const errors: string[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, list.length) }, async () => {
      while (next < list.length) {
        const { id, token } = list[next++]!;
        try {
          const connection = await connectDevice({ host, port, id, username: id, password: token });
          devices.set(id, { connection, lastTs: 0, values: [] });
        } catch (err) {
          failed += 1;
          if (errors.length < 5) errors.push((err as Error).message);
        }
      }
    }),
  );
  return { connected: list.length - failed, failed, errors, ms: performance.now() - started };
}

async function run(args: RunArgs): Promise<RunResult> {
  const { mode, messagesPerS, durationS, window, metrics, drainTimeoutS } = args;
  const chosen = args.deviceIds ? args.deviceIds.map((id) => devices.get(id)) : [...devices.values()];
  const list = chosen.filter((d): d is Device => d !== undefined && d.connection.open);
  const probeIds = new Set(args.probeIds ?? []);
  const probes: Record<string, Publication[]> = {};
  for (const id of probeIds) probes[id] = [];
  const puback = createHistogram();
  let recent = createHistogram();
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let throttled = 0;
  let unsent = 0;
  const qos0 = args.qos === 0;
  const maxUnsentBytes = args.maxUnsentBytes ?? 1024 * 1024;
  let firstTs: number | null = null;
  let lastTs: number | null = null;
  let running = true;

  const ready = new Set<Device>();
  let flushScheduled = false;
  const sentBy = new Map<Device, number>();
  const maxPerDevice = args.maxPerDevice ?? Infinity;
  let devicesDone = 0;

  const publish = (device: Device) => {
    const { ts, payload } = nextPayload(device, metrics);
    firstTs ??= ts;
    lastTs = lastTs === null ? ts : Math.max(lastTs, ts);
    if (probeIds.has(device.connection.id)) probes[device.connection.id]!.push({ ts, sentAt: wallNow() });
    sent += 1;
    const count = (sentBy.get(device) ?? 0) + 1;
    sentBy.set(device, count);
    if (count === maxPerDevice) devicesDone += 1;
    device.connection.publish(payload, (latency) => {
      if (latency === null) failed += 1;
      else {
        acked += 1;
        puback.record(latency);
        recent.record(latency);
      }
      if (mode === 'closed' && running) {
        ready.add(device);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(refill);
        }
      }
    });
  };

  // Closed loop: acknowledgements arrive in bursts (one per committed batch); refill the windows
  // they opened together, with each connection's writes corked into one segment.
  const refill = () => {
    flushScheduled = false;
    for (const device of ready) {
      device.connection.cork();
      while (
        running &&
        device.connection.open &&
        device.connection.inflight < window &&
        (sentBy.get(device) ?? 0) < maxPerDevice
      )
        publish(device);
      device.connection.uncork();
    }
    ready.clear();
  };

  let interval = 0;
  const progressTimer = setInterval(
    () => {
      reportProgress({
        interval: interval++,
        sent,
        acked,
        failed,
        throttled,
        puback: recent.toJSON(),
      } satisfies RunProgress);
      recent = createHistogram();
    },
    (args.progressEveryS ?? 10) * 1000,
  );
  const started = performance.now();
  const endAt = started + durationS * 1000;

  if (mode === 'closed') {
    list.forEach((d) => ready.add(d));
    refill();
    while (performance.now() < endAt && devicesDone < list.length) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(50, Math.max(1, endAt - performance.now()))),
      );
    }
  } else {
    let scheduled = 0;
    let cursor = 0;
    // The schedule restarts from the moment the rate changes, so a change never bursts or stalls.
    let rate = messagesPerS;
    let base = { at: started, scheduled: 0 };
    setPacedRate = (next) => {
      base = { at: performance.now(), scheduled };
      rate = next;
    };
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = Math.min(performance.now(), endAt);
        const due = Math.floor(((now - base.at) / 1000) * rate) - (scheduled - base.scheduled);
        const corked = new Set<Device>();
        for (let k = 0; k < due && list.length > 0; k += 1) {
          const device = list[cursor]!;
          cursor = (cursor + 1) % list.length;
          scheduled += 1;
          if (qos0) {
            const { ts, payload } = nextPayload(device, metrics);
            if (device.connection.publishQos0(payload, maxUnsentBytes)) {
              sent += 1;
              firstTs ??= ts;
              lastTs = lastTs === null ? ts : Math.max(lastTs, ts);
            } else unsent += 1;
            continue;
          }
          if (!device.connection.open || device.connection.inflight >= window) {
            throttled += 1;
            continue;
          }
          if (!corked.has(device)) {
            device.connection.cork();
            corked.add(device);
          }
          publish(device);
        }
        for (const device of corked) device.connection.uncork();
        if (performance.now() >= endAt) resolve();
        else setTimeout(tick, 2);
      };
      tick();
    });
  }
  running = false;
  setPacedRate = null;
  const publishS = (performance.now() - started) / 1000;

  const drainStart = performance.now();
  const inflight = () => list.reduce((n, d) => n + d.connection.inflight, 0);
  while (inflight() > 0 && performance.now() - drainStart < drainTimeoutS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  clearInterval(progressTimer);
  return {
    sent,
    acked,
    failed,
    throttled,
    unacked: inflight(),
    unsent,
    publishS,
    drainS: (performance.now() - drainStart) / 1000,
    firstTs,
    lastTs,
    puback: puback.toJSON(),
    probes,
  };
}

/** Every device publishes one message and waits for its acknowledgement. */
async function publishOnce({ metrics }: { metrics: string[] }) {
  let acked = 0;
  let failed = 0;
  await Promise.all(
    [...devices.values()].map(
      (device) =>
        new Promise<void>((resolve) => {
          device.connection.publish(nextPayload(device, metrics).payload, (latency) => {
            if (latency === null) failed += 1;
            else acked += 1;
            resolve();
          });
        }),
    ),
  );
  return { acked, failed };
}

async function disconnect() {
  await Promise.all([...devices.values()].map((d) => d.connection.close()));
  devices.clear();
  return {};
}

serveWorker({
  connect,
  run,
  setRate: async ({ messagesPerS }: { messagesPerS: number }) => {
    setPacedRate?.(messagesPerS);
    return {};
  },
  publishOnce,
  disconnect,
  openCount: async () => [...devices.values()].filter((d) => d.connection.open).length,
});
