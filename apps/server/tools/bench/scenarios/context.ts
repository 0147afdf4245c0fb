import type { BenchParams } from '../bench-params';
import type { PublisherGroup } from '../publisher-group';
import type { DeviceCredentials } from '../publisher.worker';
import type { ServerProcess } from '../server-process';
import type { WorkerPool } from '../worker-rpc';

export interface BenchContext {
  params: BenchParams;
  /** A progress line on stderr (the table and the JSON are the results). */
  log(message: string): void;
  /** Something a reader of the results must know (a disturbance, a caveat). */
  note(message: string): void;
  /** A scenario that could not finish (the others still run). */
  fail(message: string): void;
  pool: WorkerPool;
  /** Node options for every server the bench starts (--cpu-prof when profiling). */
  serverNodeArgs: string[];
}

/** The server the ingest, end-to-end, fan-out and overload scenarios share, with its devices connected. */
export interface LiveServer {
  server: ServerProcess;
  token: string;
  devices: DeviceCredentials[];
  /** Connected: `devices` and the fan-out probe (so runs name the devices they use). */
  publishers: PublisherGroup;
  /** A device of its own for the fan-out scenario (not among `devices`). */
  fanoutProbe: DeviceCredentials;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const rate = (count: number, seconds: number) => (seconds > 0 ? count / seconds : 0);
