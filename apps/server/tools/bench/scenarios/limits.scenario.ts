import { deviceIds } from '../api-client';
import type { LimitsFigures } from '../bench-results';
import { createPublisherGroup } from '../publisher-group';
import type { WorkerHandle } from '../worker-rpc';
import { rate, sleep, type BenchContext } from './context';

interface InsertResult {
  rows: number;
  seconds: number;
  rowsPerS: number;
}

/**
 * The machine's own limits, measured in the same run: the same publishers (same devices, same
 * window, same payloads) against a broker that only forwards to a subscriber that does nothing,
 * and the same rows inserted into SQLite with nothing else around.
 */
export async function runLimits({ params, log, pool }: BenchContext): Promise<LimitsFigures> {
  const { passthroughS, sqliteRows, sqliteBatch } = params.limits;
  const [broker, sink] = (await pool.get('passthrough', 2)) as [WorkerHandle, WorkerHandle];
  const publishers = createPublisherGroup(await pool.get('publisher', params.publisherProcesses));
  let passthrough: {
    msgsPerS: number;
    received: number;
    acked: number;
    puback: ReturnType<typeof summarizeAck>;
  };
  try {
    const { port } = await broker.call<{ port: number }>('startBroker');
    await sink.call('startSubscriber', { port });
    const devices = deviceIds('LIMIT', params.ingest.devices).map((id) => ({ id, token: 'unused' }));
    await publishers.connect('127.0.0.1', port, devices, 200);
    const run = await publishers.run({
      mode: 'closed',
      messagesPerS: 0,
      durationS: passthroughS,
      window: params.window,
      metrics: params.metrics,
      drainTimeoutS: 10,
    });
    // The subscriber may lag behind the acknowledgements; let it catch up before counting.
    let received = await sink.call<number>('received');
    for (let i = 0; i < 50 && received < run.acked; i += 1) {
      await sleep(100);
      received = await sink.call<number>('received');
    }
    passthrough = {
      msgsPerS: rate(run.acked, run.publishS + run.drainS),
      received,
      acked: run.acked,
      puback: summarizeAck(run.puback.summary()),
    };
    log(
      `limits: bare MQTT pass-through ${Math.round(passthrough.msgsPerS)} msg/s (subscriber got ${received})`,
    );
  } finally {
    await publishers.close();
    await sink.call('stop').catch(() => undefined);
    await broker.call('stop').catch(() => undefined);
  }

  const [sqlite] = (await pool.get('sqlite', 1)) as [WorkerHandle];
  {
    const series = params.ingest.devices * params.metrics.length;
    const plain = await sqlite.call<InsertResult>('insert', {
      rows: sqliteRows,
      batch: sqliteBatch,
      series,
      withRollups: false,
    });
    const withRollups = await sqlite.call<InsertResult>('insert', {
      rows: sqliteRows,
      batch: sqliteBatch,
      series,
      withRollups: true,
    });
    log(
      `limits: bare SQLite insert ${Math.round(plain.rowsPerS)} rows/s (${Math.round(withRollups.rowsPerS)} with rollups)`,
    );
    return {
      mqtt_passthrough_msgs_per_s: Math.round(passthrough.msgsPerS),
      sqlite_insert_rows_per_s: Math.round(plain.rowsPerS),
      mqtt_passthrough_readings_per_s: Math.round(passthrough.msgsPerS * params.metrics.length),
      mqtt_passthrough_subscriber_received: passthrough.received,
      mqtt_passthrough_acked: passthrough.acked,
      mqtt_passthrough_puback: passthrough.puback,
      sqlite_insert_with_rollups_rows_per_s: Math.round(withRollups.rowsPerS),
      sqlite_rows: plain.rows,
      sqlite_batch_rows: sqliteBatch,
    };
  }
}

const summarizeAck = (s: { p50_ms: number | null; p99_ms: number | null }) => ({
  p50_ms: s.p50_ms,
  p99_ms: s.p99_ms,
});
