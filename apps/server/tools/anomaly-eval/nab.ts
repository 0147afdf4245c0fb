/**
 * NAB scoring of `dtwin detect` on a NAB-format directory (data/, labels/combined_windows.json,
 * score.mjs): each file is run through the same code path as the CLI (`runDetect`), in process,
 * then scored by the directory's own scorer (one threshold for all files, chosen by it).
 *   npx tsx tools/anomaly-eval/nab.ts <nab-dev dir> ['{"noSeasonal":true}'] [--per-file]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createEwmaZ, createWindowedGaussian, type ZScorer } from '../../src/analytics/anomaly/baselines';
import { runDetect } from '../../src/analytics/anomaly/detect';
import type { SeriesDetectorOptions } from '../../src/analytics/anomaly/series-detector';

export interface NabFileScores {
  rel: string;
  scores: Float64Array;
}

/** The scorer module shipped with the data set (score.mjs): the exact NAB method. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NabScorer = any;

export async function loadNabScorer(dir: string): Promise<NabScorer> {
  const file = path.join(dir, 'score.mjs');
  if (!fs.existsSync(file)) throw new Error(`no score.mjs in ${dir}`);
  return import(pathToFileURL(file).href);
}

/** Scores one CSV text as `dtwin detect` would, returning one score per row. */
export async function detectText(
  text: string,
  seriesOptions: SeriesDetectorOptions = {},
): Promise<Float64Array> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const errors = new Writable({ write: (_c, _e, done) => done() });
  const code = await runDetect(Readable.from([text]), sink, { series: seriesOptions }, errors);
  if (code !== 0) throw new Error(`detect exited ${code}`);
  const lines = chunks.join('').trim().split('\n');
  return Float64Array.from(lines, Number);
}

/** A NAB entrant: the product's detector (through `runDetect`) or a baseline. */
export type NabEntrant = {
  name: string;
  score: (text: string, values: Float64Array) => Promise<Float64Array>;
};

export const detectorEntrant = (name: string, options: SeriesDetectorOptions = {}): NabEntrant => ({
  name,
  score: (text) => detectText(text, options),
});

/** A |z| baseline mapped into [0, 1) as z / (z + 3): NAB picks its threshold on the scores. */
export const baselineEntrant = (name: string, make: () => ZScorer): NabEntrant => ({
  name,
  score: async (_text, values) => {
    const z = make();
    return Float64Array.from(values, (v) => {
      const s = z.score(v);
      return s / (s + 3);
    });
  },
});

export const NAB_BASELINES: NabEntrant[] = [
  baselineEntrant('windowed Gaussian', () => createWindowedGaussian()),
  baselineEntrant('EWMA z-score', () => createEwmaZ()),
];

export async function loadNabCorpus(dir: string) {
  const scorer = await loadNabScorer(dir);
  const corpus = scorer.loadCorpus({
    dataDir: path.join(dir, 'data'),
    labelsFile: path.join(dir, 'labels', 'combined_windows.json'),
  });
  const texts = new Map<string, { text: string; values: Float64Array }>();
  for (const f of corpus.files as { rel: string }[]) {
    const text = fs.readFileSync(path.join(dir, 'data', f.rel), 'utf8');
    const values = Float64Array.from(text.trim().split('\n').slice(1), (l) => Number(l.split(',')[1]));
    texts.set(f.rel, { text, values });
  }
  return { scorer, corpus, texts };
}

export async function runNab(
  dir: string,
  entrant: NabEntrant,
  loaded?: Awaited<ReturnType<typeof loadNabCorpus>>,
) {
  const { scorer, corpus, texts } = loaded ?? (await loadNabCorpus(dir));
  const scores = new Map<string, Float64Array>();
  for (const [rel, { text, values }] of texts) scores.set(rel, await entrant.score(text, values));
  return { scorer, corpus, scores, result: scorer.evaluate(corpus, scores) };
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? '../../../shared/datasets/nab-dev');
  const options = JSON.parse(process.argv[3] ?? '{}') as SeriesDetectorOptions;
  const { scorer, result } = await runNab(dir, detectorEntrant('dtwin detect', options));
  const board = scorer.loadScoreboard(path.join(dir, 'published_scoreboard.json'));
  process.stdout.write(
    scorer.formatReport('dtwin detect', result, {
      scoreboard: board,
      perFile: process.argv.includes('--per-file'),
    }) + '\n',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
