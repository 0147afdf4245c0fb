/**
 * NAB scoring of `dtwin detect` on a NAB-format directory (data/, labels/combined_windows.json,
 * score.mjs): each file is run through the same code path as the CLI (`runDetect`), in process,
 * with NAB_PROBATION_ROWS as the runner sets it, then scored by the directory's own scorer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
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
export async function detectText(text: string, seriesOptions: SeriesDetectorOptions = {}): Promise<Float64Array> {
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

export async function runNab(dir: string, seriesOptions: SeriesDetectorOptions = {}) {
  const scorer = await loadNabScorer(dir);
  const corpus = scorer.loadCorpus({
    dataDir: path.join(dir, 'data'),
    labelsFile: path.join(dir, 'labels', 'combined_windows.json'),
  });
  const scores = new Map<string, Float64Array>();
  for (const f of corpus.files as { rel: string; n: number }[]) {
    const text = fs.readFileSync(path.join(dir, 'data', f.rel), 'utf8');
    scores.set(f.rel, await detectText(text, seriesOptions));
  }
  return { scorer, corpus, scores, result: scorer.evaluate(corpus, scores) };
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? '../../../shared/datasets/nab-dev');
  const options = JSON.parse(process.argv[3] ?? '{}') as SeriesDetectorOptions;
  const { scorer, result } = await runNab(dir, options);
  const board = scorer.loadScoreboard(path.join(dir, 'published_scoreboard.json'));
  process.stdout.write(scorer.formatReport('dtwin detect', result, { scoreboard: board, perFile: process.argv.includes('--per-file') }) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
