/**
 * Cost of scoring, outside the test suite (timings do not belong in unit tests). From apps/server:
 *   npx tsx tools/anomaly-eval/anomaly.bench.ts [readings=2000000]
 * Prints ns per reading for one metric detector, and per row (and per reading) for a device of
 * six metrics, best of five runs over a noisy wave with occasional spikes. Timed in CPU time of
 * this process (user + system), so a busy machine slows the run down but not the figure.
 */
import { createDeviceDetector } from '../../src/analytics/anomaly/device-detector';
import { Readable, Writable } from 'node:stream';
import { runDetect } from '../../src/analytics/anomaly/detect';
import { createMetricDetector } from '../../src/analytics/anomaly/metric-detector';
import { createSeriesDetector } from '../../src/analytics/anomaly/series-detector';
import { createRandom } from './synthetic';

const total = Number(process.argv[2] ?? 2_000_000);
const rnd = createRandom(42);
const xs = new Float64Array(total);
for (let i = 0; i < total; i++) xs[i] = 50 + 5 * Math.sin(i / 40) + rnd.normal() + (i % 5000 === 0 ? 30 : 0);

function best(runs: number, body: () => number): number {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const started = process.cpuUsage();
    const sink = body();
    const used = process.cpuUsage(started);
    const ns = (used.user + used.system) * 1000;
    if (!(sink >= 0)) throw new Error('unexpected score');
    min = Math.min(min, ns);
  }
  return min;
}

const single = best(5, () => {
  const detector = createMetricDetector();
  let sum = 0;
  for (let i = 0; i < total; i++) sum += detector.score(xs[i]!);
  return sum;
});

const metrics = ['vibration', 'bearing_temperature', 'discharge_pressure', 'flow', 'motor_current', 'power'];
const rows = Math.floor(total / metrics.length);
const row = new Float64Array(metrics.length);
const device = best(5, () => {
  const detector = createDeviceDetector(metrics);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < metrics.length; m++) row[m] = xs[(r + m * 997) % total]!;
    sum += detector.scoreArray(row);
  }
  return sum;
});

const series = best(5, () => {
  const detector = createSeriesDetector();
  let sum = 0;
  for (let i = 0; i < total; i++) sum += detector.score(xs[i]!, i * 300_000);
  return sum;
});

// `dtwin detect` end to end (CSV parsing, scoring, formatting), on the first 500k readings.
const csvRows = Math.min(total, 500_000);
const lines = ['timestamp,value'];
for (let i = 0; i < csvRows; i++) lines.push(`${1_700_000_000 + i * 300},${xs[i]!.toFixed(4)}`);
const csv = lines.join('\n') + '\n';
const sinkStream = () => new Writable({ write: (_c, _e, done) => done() });
let detectNs = Infinity;
for (let r = 0; r < 3; r++) {
  const started = process.cpuUsage();
  await runDetect(Readable.from([csv]), sinkStream(), {}, sinkStream());
  const used = process.cpuUsage(started);
  detectNs = Math.min(detectNs, (used.user + used.system) * 1000);
}

const perReading = single / total;
process.stdout.write(
  `metric detector: ${perReading.toFixed(0)} ns/reading (${(1e9 / perReading / 1e6).toFixed(2)} M readings/s on one core)\n` +
    `device detector (${metrics.length} metrics): ${(device / rows).toFixed(0)} ns/row, ${(device / rows / metrics.length).toFixed(0)} ns/reading\n` +
    `series detector (dtwin detect's scoring): ${(series / total).toFixed(0)} ns/reading\n` +
    `dtwin detect end to end (parse, score, print): ${((csvRows / detectNs) * 1e9).toFixed(0)} rows/s on one core\n`,
);
