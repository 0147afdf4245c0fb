import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createComputeTasks, runTaskOf } from '../../analytics/compute-tasks';
import { createSeriesReader } from '../../analytics/series-reader';
import type { DeviceDetectorState, RebaselineContext } from '../../analytics/anomaly/device-detector';
import { openReader } from '../../db/database';
import { systemClock } from '../../lib/clock';
import type { DomainEvents } from '../../lib/domain-events';
import { createEventBus } from '../../lib/event-bus';
import { createDevicesRepository } from '../devices/devices.repository';
import { createModelsRepository } from '../models/models.repository';
import { createTelemetryRepository } from '../telemetry/telemetry.repository';
import { createTelemetryStorage } from '../telemetry/telemetry-storage';
import { createTelemetryService } from '../telemetry/telemetry.service';
import { createAnomalyBaselineRepository } from './anomaly-baseline.repository';
import { createAnomalyScoring } from './anomaly-scoring';
import type { FromScoringThread, ScoringThreadData, ToScoringThread } from './scoring-thread.messages';

/**
 * The anomaly detectors and the heavy analytics computations (compute-tasks.ts: health,
 * predictions) on a thread of their own (started by anomaly-scoring-thread.ts): the composition
 * of that thread, with its own read-only database connection for the device's model, stored
 * baseline and history, so neither takes the event loop of ingest and the API.
 */
const port = parentPort!;
const data = workerData as ScoringThreadData;
const maxDevices = data.maxDevices ?? 100_000;
const database = openReader(data.connection, (err) =>
  send({ type: 'warning', message: `database connection lost: ${err.message}` }),
);
const devices = createDevicesRepository(database.db);
const models = createModelsRepository(database.db);
const baselines = createAnomalyBaselineRepository(database.db);
// The history as the telemetry service reads it, on this connection; it writes nothing, so holds
// no rollups: the main thread settles a device's series before asking for a computation.
const silent = pino({ level: 'silent' });
const telemetry = createTelemetryService({
  storage: createTelemetryStorage({
    repository: createTelemetryRepository(database),
    clock: systemClock,
    logger: silent,
  }),
  bus: createEventBus<DomainEvents>(() => {}),
  clock: systemClock,
  logger: silent,
  retention: { rawDays: 1 },
});
const tasks = createComputeTasks(createSeriesReader({ telemetry }));
const runTask = runTaskOf(tasks);

function send(message: FromScoringThread) {
  port.postMessage(message);
}

const scoring = createAnomalyScoring({
  metricsOf: async (deviceId) => {
    const modelId = await devices.modelOf(deviceId);
    if (modelId === undefined) return undefined;
    return (await models.get(modelId))?.metrics.map((m) => m.name);
  },
  baselineOf: async (deviceId): Promise<DeviceDetectorState | undefined> => {
    const row = await baselines.get(deviceId);
    if (!row) return undefined;
    try {
      return JSON.parse(row.state) as DeviceDetectorState;
    } catch {
      send({ type: 'warning', message: 'unreadable anomaly baseline ignored', deviceId });
      return undefined;
    }
  },
  maxDevices,
  busyClock: () => performance.now() * 1000,
});

/** The context last reported per device, so only changes travel back (as many devices as detectors). */
const reported = new Map<string, RebaselineContext | null>();
function report(deviceId: string, context: RebaselineContext | null) {
  reported.delete(deviceId);
  if (reported.size >= maxDevices) reported.delete(reported.keys().next().value!);
  reported.set(deviceId, context);
}
const same = (a: RebaselineContext | null | undefined, b: RebaselineContext | null) =>
  (a ?? null) === b || (a != null && b != null && a.atMs === b.atMs && a.reason === b.reason);

let chain: Promise<void> = Promise.resolve();

port.on('message', (message: ToScoringThread) => {
  switch (message.type) {
    case 'score':
      // One batch at a time: a device's readings are scored in the order they were committed.
      chain = chain.then(async () => {
        try {
          const scores = await scoring.score(message.readings);
          const contexts: Array<[string, RebaselineContext | null]> = [];
          for (const s of scores) {
            const context = scoring.contextOf(s.deviceId) ?? null;
            if (same(reported.get(s.deviceId), context)) continue;
            report(s.deviceId, context);
            contexts.push([s.deviceId, context]);
          }
          send({ type: 'scored', id: message.id, scores, contexts, busySeconds: scoring.busySeconds() });
        } catch (err) {
          send({ type: 'failed', id: message.id, message: String(err) });
        }
      });
      break;
    case 'compute':
      // Not behind the scoring: a computation waits for nothing but its own reads.
      runTask(message.task, message.input).then(
        (result) => send({ type: 'computed', id: message.id, result }),
        (err: unknown) => send({ type: 'failed', id: message.id, message: String(err) }),
      );
      break;
    case 'rebaseline':
      chain = chain.then(() => {
        scoring.rebaseline(message.deviceId, message.reason, message.atMs);
        report(message.deviceId, scoring.contextOf(message.deviceId) ?? null);
      });
      break;
    case 'forget':
      chain = chain.then(() => {
        scoring.forget(message.deviceId);
        tasks.forget(message.deviceId);
        reported.delete(message.deviceId);
      });
      break;
    case 'close':
      void chain.then(async () => {
        await database.close();
        port.close();
      });
      break;
  }
});

send({ type: 'ready' });
