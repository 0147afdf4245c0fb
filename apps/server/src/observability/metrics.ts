import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Counts the ingest path keeps itself (modules/ingest/ingest-stats.ts `totals()`). */
export interface IngestTotals {
  /** Telemetry messages received, before any check (shed ones included). */
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: Record<string, number>;
}

/**
 * Where the numbers come from, read when Prometheus scrapes. Optional ones appear once a
 * source is set (the socket count exists only in a process that runs the realtime server).
 */
export interface MetricSources {
  ingest?: () => IngestTotals;
  telemetryQueuedRows?: () => number;
  jobs?: () => Promise<Record<string, number>>;
  openAlerts?: () => Promise<Record<string, number>>;
  socketClients?: () => number;
  socketSlowDisconnects?: () => number;
  mqttClients?: () => number | null;
  /** Seconds the anomaly detector has spent scoring committed readings. */
  anomalyScoringSeconds?: () => number;
  /** Readings waiting for the analytics, and those skipped because too many were waiting. */
  analyticsQueuedReadings?: () => number;
  analyticsSkippedReadings?: () => number;
  analyticsQueuedComputations?: () => number;
  analyticsSkippedComputations?: () => number;
}

const seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const jobSeconds = [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

/**
 * The process's Prometheus registry (its own, not prom-client's global one, so several apps in
 * one process — tests — do not share counters). Names start with `dtwin_`; the process and
 * Node.js metrics keep prom-client's standard names so stock dashboards work.
 */
export function createMetrics(options: { version: string; defaultMetrics?: boolean }) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  const registers = [registry];

  /** Reads a source without letting a failing one break the whole scrape. */
  const safely = async <T>(read: (() => T | Promise<T>) | undefined): Promise<T | undefined> => {
    try {
      return read ? await read() : undefined;
    } catch {
      return undefined;
    }
  };

  new Gauge({
    name: 'dtwin_build_info',
    help: 'Version of the running server',
    labelNames: ['version'],
    registers,
  }).set({ version: options.version }, 1);

  new Counter({
    name: 'dtwin_ingest_readings_total',
    help: 'Readings accepted and stored by ingestion (MQTT and HTTP)',
    registers,
    collect() {
      const totals = sources.ingest?.();
      if (!totals) return;
      this.reset();
      this.inc(totals.accepted);
    },
  });
  new Counter({
    name: 'dtwin_ingest_messages_total',
    help: 'Telemetry messages received by ingestion (MQTT and HTTP), before any check; shed ones included',
    registers,
    collect() {
      const totals = sources.ingest?.();
      if (!totals) return;
      this.reset();
      this.inc(totals.messages);
    },
  });
  new Counter({
    name: 'dtwin_ingest_duplicates_total',
    help: 'Readings received again for a (device, metric, time) already stored',
    registers,
    collect() {
      const totals = sources.ingest?.();
      if (!totals) return;
      this.reset();
      this.inc(totals.duplicates);
    },
  });
  new Counter({
    name: 'dtwin_ingest_rejected_total',
    help: 'Readings or messages refused by ingestion, by reason',
    labelNames: ['reason'],
    registers,
    collect() {
      const totals = sources.ingest?.();
      if (!totals) return;
      this.reset();
      for (const [reason, count] of Object.entries(totals.rejected)) this.inc({ reason }, count);
    },
  });

  const batchCommit = new Histogram({
    name: 'dtwin_telemetry_batch_commit_seconds',
    help: 'Time to write and commit one batch of readings',
    buckets: seconds,
    registers,
  });
  const batchRows = new Histogram({
    name: 'dtwin_telemetry_batch_rows',
    help: 'Readings per committed batch',
    buckets: [1, 10, 100, 500, 1000, 5000, 10_000, 50_000],
    registers,
  });
  new Gauge({
    name: 'dtwin_telemetry_queued_rows',
    help: 'Readings waiting for the next batch commit',
    registers,
    collect() {
      const queued = sources.telemetryQueuedRows?.();
      if (queued !== undefined) this.set(queued);
    },
  });

  new Gauge({
    name: 'dtwin_jobs',
    help: 'Jobs in the queue by status (queued is the queue depth)',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await safely(sources.jobs);
      if (counts) for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  const jobDuration = new Histogram({
    name: 'dtwin_job_duration_seconds',
    help: 'Duration of job attempts by type and outcome (succeeded, retried, failed)',
    labelNames: ['type', 'outcome'],
    buckets: jobSeconds,
    registers,
  });

  new Gauge({
    name: 'dtwin_alerts_open',
    help: 'Open alerts (active, acknowledged or shelved) by severity',
    labelNames: ['severity'],
    registers,
    async collect() {
      const counts = await safely(sources.openAlerts);
      if (counts) for (const [severity, n] of Object.entries(counts)) this.set({ severity }, n);
    },
  });
  const integrityFailures = new Counter({
    name: 'dtwin_integrity_failures_total',
    help: 'Encrypted values that failed to decrypt (corrupt, or written with an unknown key), by table',
    labelNames: ['table'],
    registers,
  });

  const alertsRaised = new Counter({
    name: 'dtwin_alerts_raised_total',
    help: 'Alerts raised by this process, by severity',
    labelNames: ['severity'],
    registers,
  });

  new Gauge({
    name: 'dtwin_socket_clients',
    help: 'Browser (Socket.IO) connections held by this process',
    registers,
    collect() {
      const n = sources.socketClients?.();
      if (n !== undefined) this.set(n);
    },
  });
  new Counter({
    name: 'dtwin_socket_slow_disconnects_total',
    help: 'Browser (Socket.IO) connections dropped because too much was waiting for them to read',
    registers,
    collect() {
      const n = sources.socketSlowDisconnects?.();
      if (n === undefined) return;
      this.reset();
      this.inc(n);
    },
  });
  new Gauge({
    name: 'dtwin_mqtt_clients',
    help: 'MQTT clients connected to the embedded broker',
    registers,
    collect() {
      const n = sources.mqttClients?.();
      if (n !== undefined && n !== null) this.set(n);
    },
  });

  new Counter({
    name: 'dtwin_anomaly_scoring_seconds_total',
    help: "Time the anomaly detector spent scoring committed readings (its thread's wall time, or the process's CPU time when in-process)",
    registers,
    collect() {
      const s = sources.anomalyScoringSeconds?.();
      if (s === undefined) return;
      this.reset();
      this.inc(s);
    },
  });

  new Gauge({
    name: 'dtwin_analytics_queued_readings',
    help: 'Committed readings waiting for the anomaly detector (bounded by ANALYTICS_QUEUE_READINGS)',
    registers,
    collect() {
      const n = sources.analyticsQueuedReadings?.();
      if (n !== undefined) this.set(n);
    },
  });

  new Counter({
    name: 'dtwin_analytics_skipped_readings_total',
    help: 'Committed readings the anomaly detector skipped because its queue was full (overload)',
    registers,
    collect() {
      const n = sources.analyticsSkippedReadings?.();
      if (n === undefined) return;
      this.reset();
      this.inc(n);
    },
  });

  new Gauge({
    name: 'dtwin_analytics_queued_computations',
    help: 'Health and prediction computations waiting or running (bounded by ANALYTICS_QUEUE_COMPUTATIONS)',
    registers,
    collect() {
      const n = sources.analyticsQueuedComputations?.();
      if (n !== undefined) this.set(n);
    },
  });

  new Counter({
    name: 'dtwin_analytics_skipped_computations_total',
    help: 'Health and prediction computations refused because too many were waiting (overload); their devices are done later',
    registers,
    collect() {
      const n = sources.analyticsSkippedComputations?.();
      if (n === undefined) return;
      this.reset();
      this.inc(n);
    },
  });

  const httpDuration = new Histogram({
    name: 'dtwin_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: seconds,
    registers,
  });

  return {
    contentType: registry.contentType,
    /** The text exposition format, as Prometheus scrapes it. */
    render: () => registry.metrics(),
    /** Adds or replaces where collected values come from. */
    setSources(more: MetricSources): void {
      Object.assign(sources, more);
    },
    observeBatchCommit(rows: number, durationS: number): void {
      batchCommit.observe(durationS);
      batchRows.observe(rows);
    },
    observeJob(type: string, outcome: string, durationS: number): void {
      jobDuration.observe({ type, outcome }, durationS);
    },
    integrityFailure(table: string): void {
      integrityFailures.inc({ table });
    },
    alertRaised(severity: string): void {
      alertsRaised.inc({ severity });
    },
    observeHttp(method: string, route: string, status: number, durationS: number): void {
      httpDuration.observe({ method, route, status: String(status) }, durationS);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The telemetry repository with its batch commits timed: the writer commits through
 * `writeBatch`, so wrapping it measures exactly one transaction per call.
 */
export function timeBatchWrites<
  R extends { writeBatch(points: readonly unknown[], deferFrom?: number): Promise<boolean[]> },
>(repository: R, metrics: Pick<Metrics, 'observeBatchCommit'>): R {
  return {
    ...repository,
    async writeBatch(points: Parameters<R['writeBatch']>[0], deferFrom?: number) {
      const started = performance.now();
      try {
        return await repository.writeBatch(points, deferFrom);
      } finally {
        metrics.observeBatchCommit(points.length, (performance.now() - started) / 1000);
      }
    },
  };
}
