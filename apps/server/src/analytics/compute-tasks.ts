import {
  computeDeviceHealth,
  type DeviceHealthInput,
  type DeviceHealthResult,
} from '../modules/health/health-compute';
import type { DevicePatterns } from '@dtwin/contracts/patterns';
import {
  createDashboardSeries,
  type DashboardSeries,
  type DashboardSeriesInput,
} from '../modules/dashboard/dashboard-series';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import { computeDevicePatterns, type DevicePatternsInput } from '../modules/patterns/patterns-compute';
import { createMetricPredictor, type MetricPredictionInput } from '../modules/predictions/metric-predictor';
import type { SeriesReader } from './series-reader';

/**
 * The heavy analytics computations — reads of a device's history and the math over them — by
 * name, so that they run the same on the analytics thread (with its own connection) and, when
 * the thread is off, in this one. Inputs and results are plain data (they cross threads).
 */
interface Tasks {
  health: { input: DeviceHealthInput; output: DeviceHealthResult | null };
  prediction: { input: MetricPredictionInput; output: MetricPrediction | null };
  patterns: { input: DevicePatternsInput; output: DevicePatterns };
  dashboard: { input: DashboardSeriesInput; output: DashboardSeries };
}
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Tasks[K]['input'];
export type TaskOutput<K extends TaskName> = Tasks[K]['output'];
export type ComputeTasks = { [K in TaskName]: (input: TaskInput<K>) => Promise<TaskOutput<K>> };

/** The tasks over one reader; `forget` drops what they keep of a device (caches). */
export function createComputeTasks(reader: SeriesReader): ComputeTasks & { forget(deviceId: string): void } {
  const predictor = createMetricPredictor(reader);
  return {
    health: (input) => computeDeviceHealth(reader, input),
    prediction: (input) => predictor.predict(input),
    patterns: (input) => computeDevicePatterns(reader, input),
    dashboard: createDashboardSeries(reader),
    forget: (deviceId) => predictor.forget(deviceId),
  };
}

/** Runs a named task with its input (on the analytics thread or in this one). */
export type RunTask = <K extends TaskName>(task: K, input: TaskInput<K>) => Promise<TaskOutput<K>>;

/** Runs a task of `tasks` by name (the thread's dispatch, and the in-process fallback). */
export function runTaskOf(tasks: ComputeTasks): RunTask {
  return (task, input) => (tasks[task] as (i: typeof input) => Promise<TaskOutput<typeof task>>)(input);
}

/** The series a task reads, by device: written from what this process holds before the thread reads them. */
export function seriesReadBy<K extends TaskName>(task: K, input: TaskInput<K>): Array<[string, string[]]> {
  const i = input as TaskInput<TaskName>;
  if ('devices' in i)
    return i.devices.map((d) => [d.id, [d.power?.name, d.efficiency?.name].filter((m) => m !== undefined)]);
  if ('metrics' in i) return [[i.deviceId, i.metrics.map((m) => m.name)]];
  return [[i.deviceId, [i.metric.name]]];
}
