import type { ConnectorMapping, ConnectorStatus, PendingDevice } from '@dtwin/contracts/connectors';
import type { PropertyValue } from '@dtwin/contracts/twin';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { DevicesService } from '../devices/devices.service';
import type { IngestService } from '../ingest/ingest.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { ConnectorDrivers, ConnectorSession } from './connector-driver';
import { createConnectorSink, unscaled, type SinkCounters } from './connector-sink';
import type { ConnectorsService, ResolvedConnector } from './connectors.service';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

interface Deps {
  connectors: Pick<ConnectorsService, 'resolvedAll' | 'resolved'>;
  drivers: ConnectorDrivers;
  ingest: Pick<IngestService, 'telemetry' | 'reported'>;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'find'>;
  twin: Pick<TwinService, 'markOffline' | 'allDesired'>;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  backoff?: Backoff;
}

const mappingKey = (m: ConnectorMapping) => `${m.device_id}\u0000${m.metric}`;
/** modbus-serial and others reject with plain objects too ({ name, message } or { err }). */
function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null) {
    const { message, name, err: inner } = err as { message?: unknown; name?: unknown; err?: unknown };
    if (typeof message === 'string') return message;
    if (typeof inner === 'string') return inner;
    if (typeof name === 'string') return name;
  }
  return String(err);
}

/**
 * Runs one connector: connects through its driver, reconnects with exponential backoff when the
 * connection is lost, and keeps its status. Counters survive reconnects (they are per server run).
 */
function supervise(connector: ResolvedConnector, deps: Deps, backoff: Backoff) {
  const driver = deps.drivers[connector.type];
  const logger = deps.logger.child({ connector: connector.id });
  const counters: SinkCounters = { readings: 0, rejected: 0, lastReadingAt: null };
  const mappingErrors = new Map<string, { device_id: string; metric: string; error: string }>();
  let state: ConnectorStatus['state'] = 'connecting';
  let lastError: string | null = null;
  let session: ConnectorSession | undefined;
  let generation = 0;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function connect(): Promise<void> {
    if (stopped || !driver) return;
    const mine = ++generation;
    state = 'connecting';
    const current = () => mine === generation && !stopped;
    const deliver = createConnectorSink(deps, counters);
    try {
      const opened = await driver.open({
        connector,
        logger,
        deliver: (values) => (current() ? deliver(values) : Promise.resolve()),
        lost: (err) => {
          if (current()) fail(err);
        },
        mappingError: (mapping, error) => {
          const key = mappingKey(mapping);
          if (error === null) return void mappingErrors.delete(key);
          if (mappingErrors.get(key)?.error !== error)
            logger.warn({ device: mapping.device_id, metric: mapping.metric }, `mapping error: ${error}`);
          mappingErrors.set(key, { device_id: mapping.device_id, metric: mapping.metric, error });
          lastError = `${mapping.device_id}.${mapping.metric}: ${error}`;
        },
        rejected: (count) => {
          counters.rejected += count;
        },
        offline: (ids) => deps.twin.markOffline(ids),
      });
      if (!current()) return void (await opened.close().catch(() => undefined));
      session = opened;
      state = 'connected';
      if (attempt > 0) logger.info('connector reconnected');
      attempt = 0;
      if (mappingErrors.size === 0) lastError = null;
      await writeDesiredOnConnect();
    } catch (err) {
      if (current()) fail(err);
    }
  }

  function fail(err: unknown): void {
    if (stopped) return;
    generation += 1;
    const message = messageOf(err);
    if (lastError !== message || attempt === 0) logger.warn({ err: message }, 'connector connection failed');
    state = 'error';
    lastError = message;
    const closing = session;
    session = undefined;
    void closing?.close().catch(() => undefined);
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
    attempt = Math.min(attempt + 1, 20);
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
  }

  /** Writes desired values of mapped writable properties (after a connect, or when they change). */
  async function write(deviceId: string, desired: Record<string, PropertyValue>): Promise<void> {
    if (!session?.write) return;
    for (const mapping of connector.mappings) {
      if (mapping.device_id !== deviceId || !(mapping.metric in desired)) continue;
      const value = unscaled(desired[mapping.metric]!, mapping.scale, mapping.offset);
      try {
        await session.write(mapping, value);
        logger.info({ device: deviceId, property: mapping.metric }, 'wrote desired value to the source');
      } catch (err) {
        mappingErrors.set(mappingKey(mapping), {
          device_id: deviceId,
          metric: mapping.metric,
          error: `write failed: ${messageOf(err)}`,
        });
        lastError = `${deviceId}.${mapping.metric}: write failed: ${messageOf(err)}`;
        logger.warn(
          { device: deviceId, property: mapping.metric, err: messageOf(err) },
          'desired write failed',
        );
      }
    }
  }

  async function writeDesiredOnConnect(): Promise<void> {
    if (!session?.write) return;
    const devicesMapped = new Set(connector.mappings.map((m) => m.device_id));
    for (const { deviceId, desired } of await deps.twin.allDesired())
      if (devicesMapped.has(deviceId)) await write(deviceId, desired);
  }

  void connect();
  return {
    connector,
    write,
    session: () => session,
    status: (): ConnectorStatus => ({
      state,
      last_error: lastError,
      readings: counters.readings,
      rejected: counters.rejected,
      last_reading_at:
        counters.lastReadingAt === null ? null : new Date(counters.lastReadingAt).toISOString(),
      mapping_errors: [...mappingErrors.values()],
    }),
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      const closing = session;
      session = undefined;
      await closing?.close().catch((err: unknown) => logger.warn({ err }, 'connector did not close cleanly'));
    },
  };
}

type Supervisor = ReturnType<typeof supervise>;

/**
 * The connectors this process runs (ingest role): starts the enabled ones, restarts one when it
 * changes, stops it when it is disabled or deleted, and writes desired state to mapped sources.
 */
export function createConnectorRuntime(deps: Deps) {
  const backoff = deps.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  const running = new Map<string, Supervisor>();
  const offs: Array<() => void> = [];
  let started = false;
  // Changes are applied one at a time, in order.
  let queue: Promise<void> = Promise.resolve();

  async function apply(id: string): Promise<void> {
    await running.get(id)?.stop();
    running.delete(id);
    const connector = await deps.connectors.resolved(id);
    if (!connector?.enabled) return;
    if (!deps.drivers[connector.type]) {
      deps.logger.warn({ connector: id, type: connector.type }, 'no driver for this connector type');
      return;
    }
    running.set(id, supervise(connector, deps, backoff));
  }
  const enqueue = (id: string) => {
    queue = queue
      .then(() => apply(id))
      .catch((err: unknown) => deps.logger.error({ err, connector: id }, 'could not (re)start a connector'));
    return queue;
  };

  return {
    async start(): Promise<void> {
      if (started) return;
      started = true;
      offs.push(
        deps.bus.on('connector.changed', ({ id }) => void enqueue(id)),
        deps.bus.on('twin.desired_changed', async ({ deviceId, message }) => {
          for (const s of running.values()) await s.write(deviceId, message.desired);
        }),
      );
      for (const c of await deps.connectors.resolvedAll()) if (c.enabled) await enqueue(c.id);
    },

    /** Waits for queued (re)starts: tests, and shutdown. */
    settled: () => queue,

    /** null when this process does not run the connector (disabled, or another process runs it). */
    status: (id: string): ConnectorStatus | null => running.get(id)?.status() ?? null,
    running: () => started,
    /** The live session of a connector this process runs (browse, test-read), if connected. */
    session: (id: string): ConnectorSession | undefined => running.get(id)?.session(),
    /** The connectors this process runs now (with their secrets): the embedded broker's guests. */
    runningConnectors: (): ResolvedConnector[] => [...running.values()].map((s) => s.connector),
    pending: (id: string): PendingDevice[] => running.get(id)?.session()?.pending?.() ?? [],
    forgetPending: (id: string, edgeNode: string, device: string | null) =>
      running.get(id)?.session()?.forgetPending?.(edgeNode, device),

    async stop(): Promise<void> {
      for (const off of offs.splice(0)) off();
      await queue;
      await Promise.all([...running.values()].map((s) => s.stop()));
      running.clear();
      started = false;
    },
  };
}

export type ConnectorRuntime = ReturnType<typeof createConnectorRuntime>;
