/**
 * `npm run eval:anomaly [-- --data <dir>] [--nab <dir>] [--json <file>] [--set memory=2000 …] [--quick]`
 *
 * NAB: the series detector of `dtwin detect` and the two baselines on the NAB dev set (default
 * `../shared/datasets/nab-dev`), scored by its own scorer, plus the detector with each view left
 * out (what each part earns; not with --quick).
 * Scores every labelled SKAB run (each from a fresh state, causally, row by row) with the
 * detector and the two classical baselines, and prints point-wise precision/recall/F1 and
 * event-level scores per channel set and overall, plus false alarms on the anomaly-free run and
 * a seeded synthetic suite. Thresholds are fixed rules (score ≥ 0.5, |z| ≥ 3), never fitted to
 * these labels; the `best F1` column is an oracle shown only to compare rankings. `--data` is
 * relative to the repository root. See docs/analytics.md for what every figure means.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DeviceDetectorOptions } from '../../src/analytics/anomaly/device-detector';
import {
  detectorMethod,
  evaluate,
  ewmaMethod,
  randomMethod,
  summarise,
  windowedGaussianMethod,
  type Method,
  type Result,
  type Summary,
} from './evaluate';
import { addCounts, addNab } from './metrics';
import { detectorEntrant, loadNabCorpus, NAB_BASELINES, runNab, type NabEntrant } from './nab';
import { loadSkab, loadSkabAnomalyFree, SKAB_CHANNELS, SKAB_GROUPS, type LabelledSeries } from './skab';
import { SYNTHETIC } from './synthetic';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export const CHANNEL_SETS: { name: string; channels: string[] }[] = [
  { name: 'all 8 channels', channels: SKAB_CHANNELS },
  { name: 'vibration (2)', channels: ['Accelerometer1RMS', 'Accelerometer2RMS'] },
  { name: 'electrical (2)', channels: ['Current', 'Voltage'] },
  { name: 'hydraulic (2)', channels: ['Pressure', 'Volume Flow RateRMS'] },
  { name: 'thermal (2)', channels: ['Temperature', 'Thermocouple'] },
  ...SKAB_CHANNELS.map((c) => ({ name: c, channels: [c] })),
];

const OPTION_KEYS = ['memory', 'fastSpan', 'warmup', 'halfSurprise'] as const;

/** `--set memory=2000` and the like: detector options, for sensitivity checks. */
function parseOptions(pairs: string[]): DeviceDetectorOptions {
  const options: DeviceDetectorOptions = {};
  for (const pair of pairs) {
    const [key, value] = pair.split('=');
    const known = OPTION_KEYS.find((k) => k === key);
    if (!known || value === undefined || !Number.isFinite(Number(value)))
      throw new Error(`--set expects one of ${OPTION_KEYS.join(', ')} = a number, got ${pair}`);
    options[known] = Number(value);
  }
  return options;
}

const f3 = (x: number) => x.toFixed(3);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

const HEADER =
  '|  prec |   rec |    F1 | events |    Fc | NAB std | NAB lowFP | NAB alarms | FP rows | delay | best F1 |';
const RULE =
  '|-------|-------|-------|--------|-------|---------|-----------|------------|---------|-------|---------|';

function cells(s: Summary): string {
  return [
    f3(s.precision),
    f3(s.recall),
    f3(s.f1),
    lpad(`${s.detected}/${s.windows}`, 6),
    f3(s.fc),
    lpad(s.nab.toFixed(1), 7),
    lpad(s.nabLowFp.toFixed(1), 9),
    lpad(s.nabAlarms.toFixed(1), 10),
    lpad(String(s.falsePositives), 7),
    lpad(s.medianDelay === null ? '-' : String(s.medianDelay), 5),
    lpad(f3(s.bestF1), 7),
  ].join(' | ');
}

function table(title: string, first: string, rows: { label: string; summaries: Summary[] }[]): string {
  const out = [`\n### ${title}\n`, `| ${pad(first, 22)} | ${pad('method', 17)} ${HEADER}`];
  out.push(`|${'-'.repeat(24)}|${'-'.repeat(19)}${RULE}`);
  for (const row of rows)
    for (const s of row.summaries) out.push(`| ${pad(row.label, 22)} | ${pad(s.method, 17)} | ${cells(s)} |`);
  return out.join('\n');
}

function merge(results: Result[]): Result {
  return results.reduce((acc, r) => ({
    ...acc,
    counts: addCounts(acc.counts, r.counts),
    nab: addNab(acc.nab, r.nab),
    nabLowFp: addNab(acc.nabLowFp, r.nabLowFp),
    nabAlarms: addNab(acc.nabAlarms, r.nabAlarms),
    scores: acc.scores.concat(r.scores),
    labels: acc.labels.concat(r.labels),
    readings: acc.readings + r.readings,
    elapsedMs: acc.elapsedMs + r.elapsedMs,
  }));
}

function falseAlarmRate(method: Method, run: LabelledSeries, channels: string[]): number {
  const r = evaluate(method, [run], channels);
  return r.counts.fp / Math.max(1, r.counts.fp + r.counts.tn);
}

/** Where each view of the series detector earns its place, measured by leaving it out. */
const NAB_ABLATIONS: NabEntrant[] = [
  detectorEntrant('- season view', { noSeasonal: true }),
  detectorEntrant('- level view', { noLevel: true }),
  detectorEntrant('- short level view', { noShortLevel: true }),
  detectorEntrant('- forecast view', { noForecast: true }),
  detectorEntrant('- one flag per 100', { quietRows: 0 }),
  detectorEntrant('- calibration', { noCalibration: true }),
];

async function nabSection(dir: string, quick: boolean) {
  const loaded = await loadNabCorpus(dir);
  const entrants = [detectorEntrant('dtwin detect'), ...NAB_BASELINES, ...(quick ? [] : NAB_ABLATIONS)];
  const lines = [
    `\n### NAB dev set (${loaded.corpus.files.length} files, ${loaded.corpus.windowCount} windows; NAB v1.1 scorer, one threshold per profile)\n`,
    '| method               | standard | low FP | low FN | threshold | windows hit | FP rows |',
    '|----------------------|----------|--------|--------|-----------|-------------|---------|',
  ];
  const rows = [];
  for (const entrant of entrants) {
    const { result } = await runNab(dir, entrant, loaded);
    const st = result.standard;
    rows.push({
      method: entrant.name,
      standard: st.score,
      lowFp: result.reward_low_FP_rate.score,
      lowFn: result.reward_low_FN_rate.score,
      threshold: st.threshold,
    });
    lines.push(
      `| ${pad(entrant.name, 20)} | ${lpad(st.score.toFixed(1), 8)} | ${lpad(result.reward_low_FP_rate.score.toFixed(1), 6)} | ${lpad(result.reward_low_FN_rate.score.toFixed(1), 6)} | ${lpad(st.threshold > 1 ? 'none' : st.threshold.toFixed(4), 9)} | ${lpad(`${st.windowsHit}/${st.windowsTotal}`, 11)} | ${lpad(String(st.fp), 7)} |`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return rows;
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      json: { type: 'string' },
      set: { type: 'string', multiple: true },
      quick: { type: 'boolean' },
      nab: { type: 'string' },
    },
  });
  const dataDir = path.resolve(repoRoot, values.data ?? '../shared/datasets/skab');
  const detector = detectorMethod(parseOptions(values.set ?? []));
  const methods: Method[] = [detector, windowedGaussianMethod, ewmaMethod];
  const withChance = [...methods, randomMethod()];
  const runs = loadSkab(dataDir);
  const started = performance.now();
  const report: Record<string, unknown> = { data: dataDir, runs: runs.length, options: values.set ?? [] };
  const rows = runs.reduce((n, r) => n + r.labels.length, 0);
  const out = [
    `SKAB at ${dataDir}: ${runs.length} labelled runs, ${rows} rows, each scored from a fresh state`,
  ];

  const groups = [...SKAB_GROUPS.map((g) => ({ label: g, runs: runs.filter((r) => r.group === g) }))];
  groups.push({ label: 'overall', runs });
  const groupRows = groups.map((g) => ({
    label: `${g.label} (${g.runs.length} runs)`,
    summaries: (g.label === 'overall' ? withChance : methods).map((m) =>
      summarise(evaluate(m, g.runs, SKAB_CHANNELS)),
    ),
  }));
  out.push(table('Device score (all 8 channels), by group of runs', 'runs', groupRows));
  report.byGroup = groupRows;

  const sets = values.quick ? CHANNEL_SETS.slice(0, 5) : CHANNEL_SETS;
  const setRows = sets.map((set) => ({
    label: set.name,
    summaries: methods.map((m) => summarise(evaluate(m, runs, set.channels))),
  }));
  out.push(
    table('By channel set, all runs (a single channel is what `dtwin detect` sees)', 'channels', setRows),
  );
  report.byChannelSet = setRows;

  const pooled = withChance.map((m) => summarise(merge(SKAB_CHANNELS.map((c) => evaluate(m, runs, [c])))));
  out.push(
    table('Univariate, pooled over the 8 channels × all runs', 'channels', [
      { label: 'each channel alone', summaries: pooled },
    ]),
  );
  report.univariatePooled = pooled;

  const free = loadSkabAnomalyFree(dataDir);
  if (free) {
    out.push(`\n### False alarms on anomaly-free.csv (${free.labels.length} rows, no faults)\n`);
    out.push('| method            | device (8 ch) | per channel, mean |');
    out.push('|-------------------|---------------|-------------------|');
    report.anomalyFree = methods.map((m) => {
      const device = falseAlarmRate(m, free, SKAB_CHANNELS);
      const perChannel =
        SKAB_CHANNELS.reduce((s, c) => s + falseAlarmRate(m, free, [c]), 0) / SKAB_CHANNELS.length;
      const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
      out.push(`| ${pad(m.name, 17)} | ${lpad(pct(device), 13)} | ${lpad(pct(perChannel), 17)} |`);
      return { method: m.name, device, perChannel };
    });
  }

  const seeds = [1, 2, 3, 4, 5];
  const synthetic = SYNTHETIC.map((make) => {
    const generated = seeds.map((seed) => make(seed));
    return {
      label: generated[0]!.name.replace('synthetic/', ''),
      results: methods.map((m) => evaluate(m, generated, ['value'])),
    };
  });
  const synthRows = synthetic.map((s) => ({ label: s.label, summaries: s.results.map(summarise) }));
  synthRows.push({
    label: 'all synthetic',
    summaries: methods.map((_, i) => summarise(merge(synthetic.map((s) => s.results[i]!)))),
  });
  out.push(table(`Synthetic suite (${seeds.length} seeds each, single channel)`, 'series', synthRows));
  report.synthetic = synthRows;

  const cost = summarise(evaluate(detector, runs, SKAB_CHANNELS)).nsPerReading;
  out.push(
    `\ndetector CPU time in this run: ${cost.toFixed(0)} ns per reading, device combination included (anomaly.bench.ts: the clean figure)`,
  );
  out.push(`evaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(out.join('\n') + '\n');
  const nabDir = path.resolve(repoRoot, values.nab ?? '../shared/datasets/nab-dev');
  if (fs.existsSync(path.join(nabDir, 'score.mjs')))
    report.nab = await nabSection(nabDir, values.quick === true);
  else process.stdout.write(`\n(no NAB dev set at ${nabDir}: --nab <dir> to score it)\n`);
  if (values.json) fs.writeFileSync(path.resolve(values.json), JSON.stringify(report, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:anomaly: ${(err as Error).message}\n`);
  process.exit(1);
});
