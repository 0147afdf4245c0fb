/**
 * What each scenario does, for the full run (under fifteen minutes on two cores) and for
 * `--quick` (under two minutes: the same scenarios, smaller and shorter). Every figure in the
 * results is reported with these.
 */

export const scenarioNames = [
  'limits',
  'footprint',
  'detect',
  'fanout',
  'ingest',
  'e2e',
  'latency',
  'overload',
  'queries',
  'external',
  'pgstore',
  'cluster',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface BenchParams {
  quick: boolean;
  /** The built-in model the devices are registered with, and the five metrics each message carries. */
  model: string;
  metrics: string[];
  registrationConcurrency: number;
  publisherProcesses: number;
  /** QoS 1 messages a device may have awaiting their PUBACK. */
  window: number;
  /**
   * Memory is read while the connected devices report at `ingestMessagesPerS` in all (the same
   * rate at both device counts, so queues weigh the same and the difference is per device).
   */
  footprint: {
    devicesLow: number;
    devicesHigh: number;
    settleS: number;
    connectConcurrency: number;
    ingestMessagesPerS: number;
    ingestS: number;
  };
  fanout: { steps: number[]; processes: number; measureS: number; publishEveryMs: number };
  /** warmupMessages: per device, before measuring (new devices' analytics start on a costlier path). */
  ingest: { devices: number; warmupMessages: number; probeS: number; durationS: number; paceFactor: number };
  /** alsoAtSustainedFraction: a second point at this fraction of the sustained ingest rate. */
  e2e: { messagesPerS: number; durationS: number; probeDevices: number; alsoAtSustainedFraction?: number };
  /** Every device of the live server reports at this rate; `watched` of them by a socket each. */
  latency: { perDeviceMessagesPerS: number; durationS: number; watched: number };
  /** qos0Factor, qos0DurationS: the QoS 0 overload (publishers nothing holds back), after the QoS 1 one. */
  overload: {
    factor: number;
    durationS: number;
    apiEveryMs: number;
    qos0Factor: number;
    qos0DurationS: number;
  };
  queries: {
    devices: number;
    historyDevices: number;
    days: number;
    alerts: number;
    connections: number;
    durationS: number;
    settleS: number;
  };
  limits: { passthroughS: number; sqliteRows: number; sqliteBatch: number };
  /** `dtwin detect` on a generated CSV of this many rows. */
  detect: { rows: number };
  /** Scale-out: PostgreSQL and an external Mosquitto, offered the embedded broker's sustained rate. */
  /** drainS: at most this long after the run for the server to store what Mosquitto queued. */
  external: { devices: number; durationS: number; drainS: number };
  /** PostgreSQL's storage path alone: rows written through the repository, in batches, over series. */
  pgStore: { rows: number; batch: number; series: number };
  /** PostgreSQL, Mosquitto, Redis; one api,worker process and `ingestProcesses` ingest ones. */
  cluster: {
    devices: number;
    ingestProcesses: number;
    messagesPerS: number;
    durationS: number;
    drainS: number;
    watched: number;
  };
}

const metrics = ['vibration', 'bearing_temperature', 'flow', 'power', 'efficiency'];

/**
 * The full run. The overload is in two parts: QoS 1 (publishers held back by their windows;
 * nothing acknowledged may be lost) for three minutes, then QoS 0 publishers that nothing holds
 * back, at five times the sustained rate, for five minutes (issue #15).
 */
export const fullParams: BenchParams = {
  quick: false,
  model: 'centrifugal_pump',
  metrics,
  registrationConcurrency: 32,
  publisherProcesses: 2,
  window: 8,
  footprint: {
    devicesLow: 1000,
    devicesHigh: 10_000,
    settleS: 3,
    connectConcurrency: 200,
    ingestMessagesPerS: 2000,
    ingestS: 15,
  },
  fanout: { steps: [1000, 5000], processes: 4, measureS: 12, publishEveryMs: 1500 },
  ingest: { devices: 1000, warmupMessages: 100, probeS: 8, durationS: 60, paceFactor: 0.9 },
  e2e: { messagesPerS: 10_000, durationS: 20, probeDevices: 10, alsoAtSustainedFraction: 0.5 },
  latency: { perDeviceMessagesPerS: 1, durationS: 30, watched: 5 },
  overload: { factor: 10, durationS: 180, apiEveryMs: 500, qos0Factor: 5, qos0DurationS: 300 },
  queries: {
    devices: 1000,
    historyDevices: 100,
    days: 30,
    alerts: 5000,
    connections: 8,
    durationS: 8,
    settleS: 5,
  },
  limits: { passthroughS: 8, sqliteRows: 2_000_000, sqliteBatch: 50_000 },
  detect: { rows: 2_000_000 },
  external: { devices: 1000, durationS: 30, drainS: 120 },
  pgStore: { rows: 1_000_000, batch: 5_000, series: 5_000 },
  cluster: { devices: 1000, ingestProcesses: 2, messagesPerS: 2000, durationS: 30, drainS: 120, watched: 5 },
};

export const quickParams: BenchParams = {
  ...fullParams,
  quick: true,
  footprint: {
    devicesLow: 500,
    devicesHigh: 1000,
    settleS: 0.5,
    connectConcurrency: 200,
    ingestMessagesPerS: 1000,
    ingestS: 3,
  },
  fanout: { steps: [200, 1000], processes: 2, measureS: 2.2, publishEveryMs: 1100 },
  ingest: { devices: 1000, warmupMessages: 0, probeS: 1.5, durationS: 5, paceFactor: 0.9 },
  e2e: { messagesPerS: 10_000, durationS: 2.5, probeDevices: 10 },
  latency: { perDeviceMessagesPerS: 1, durationS: 5, watched: 5 },
  overload: { factor: 10, durationS: 30, apiEveryMs: 500, qos0Factor: 5, qos0DurationS: 20 },
  queries: {
    devices: 100,
    historyDevices: 10,
    days: 3,
    alerts: 500,
    connections: 8,
    durationS: 0.8,
    settleS: 0,
  },
  limits: { passthroughS: 1.5, sqliteRows: 150_000, sqliteBatch: 50_000 },
  detect: { rows: 500_000 },
  external: { devices: 300, durationS: 5, drainS: 15 },
  pgStore: { rows: 100_000, batch: 5_000, series: 5_000 },
  cluster: { devices: 200, ingestProcesses: 1, messagesPerS: 200, durationS: 5, drainS: 15, watched: 5 },
};
