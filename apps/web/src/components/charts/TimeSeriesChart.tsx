import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BoundedSeries, FrameSignal } from '../../lib/live-buffer';
import { drawBands, yRange, type MetricBands } from './chart-bands';
import { readChartPalette } from './chart-palette';
import { formatValue } from './format-value';
import './TimeSeriesChart.css';

/** A fixed stretch of time, or the last `spanMs` up to now (the chart slides as time passes). */
export type ChartWindow = { from: number; to: number } | { spanMs: number };

interface TimeSeriesChartProps {
  title: string;
  unit: string;
  series: BoundedSeries;
  /** Notified (once per frame) when `series` changed; the chart redraws without a React render. */
  signal: FrameSignal;
  window: ChartWindow;
  bands?: MetricBands;
  /** Draw the min–max envelope of rollup points around the line. */
  envelope?: boolean;
  height?: number;
}

const SLIDE_EVERY_MS = 5000;

/**
 * A canvas time-series chart (uPlot): fast enough for thousands of points and live appends.
 * The model's normal and critical bands are drawn under the line.
 */
export function TimeSeriesChart({
  title,
  unit,
  series,
  signal,
  window: chartWindow,
  bands,
  envelope = false,
  height = 180,
}: TimeSeriesChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const from = 'from' in chartWindow ? chartWindow.from : null;
  const to = 'to' in chartWindow ? chartWindow.to : null;
  const spanMs = 'spanMs' in chartWindow ? chartWindow.spanMs : null;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let palette = readChartPalette(host);
    const xRange = (): [number, number] =>
      spanMs !== null
        ? [(Date.now() - spanMs) / 1000, Date.now() / 1000]
        : [(from ?? 0) / 1000, (to ?? 0) / 1000];
    const data = (): uPlot.AlignedData => {
      const cols = series.columns();
      const ts = cols.ts.map((t) => t / 1000);
      return envelope ? [ts, cols.value, cols.min, cols.max] : [ts, cols.value];
    };

    const edge: uPlot.Series = { stroke: 'transparent', width: 0, points: { show: false } };
    const plot = new uPlot(
      {
        width: Math.max(200, host.clientWidth),
        height,
        scales: {
          x: { time: true, range: () => xRange() },
          y: {
            range: (_u, dataMin, dataMax) => {
              const r = yRange(bands, dataMin, dataMax);
              return [r.min, r.max];
            },
          },
        },
        series: [
          {},
          // uPlot's default marks points only where they are sparse, so a lone reading is visible.
          { label: title, stroke: () => palette.line, width: 1.5, points: { size: 5 } },
          // The envelope's edges are invisible; the band between them is filled.
          ...(envelope
            ? [
                { ...edge, label: 'min' },
                { ...edge, label: 'max' },
              ]
            : []),
        ],
        bands: envelope ? [{ series: [3, 2], fill: () => palette.envelope }] : [],
        axes: [
          {
            stroke: () => palette.axis,
            grid: { stroke: () => palette.grid, width: 1 },
            ticks: { show: false },
          },
          {
            stroke: () => palette.axis,
            grid: { stroke: () => palette.grid, width: 1 },
            ticks: { show: false },
            size: 56,
            values: (_u, splits) => splits.map((v) => formatValue(v)),
          },
        ],
        cursor: { drag: { x: false, y: false } },
        legend: { show: false },
        hooks: {
          drawClear: bands ? [(u) => drawBands(u, bands, palette)] : [],
          // The value under the cursor, written straight into the DOM: hovering re-renders nothing.
          setCursor: [(u) => showReadout(readoutRef.current, u, unit, envelope)],
        },
      },
      data(),
      host,
    );

    const unsubscribe = signal.subscribe(() => plot.setData(data()));
    const slide =
      spanMs !== null ? setInterval(() => plot.setScale('x', toScale(xRange())), SLIDE_EVERY_MS) : 0;
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => plot.setSize({ width: Math.max(200, host.clientWidth), height }));
    resize?.observe(host);
    // The theme switch changes the tokens; read them again and repaint.
    const theme = new MutationObserver(() => {
      palette = readChartPalette(host);
      plot.redraw(false);
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    return () => {
      unsubscribe();
      clearInterval(slide);
      resize?.disconnect();
      theme.disconnect();
      plot.destroy();
    };
  }, [series, signal, title, unit, bands, envelope, height, from, to, spanMs]);

  return (
    <figure className="ts-chart">
      <figcaption className="ts-chart__caption">
        <span className="ts-chart__title">{title}</span>
        <ChartSummary series={series} signal={signal} unit={unit} />
      </figcaption>
      <div ref={hostRef} className="ts-chart__plot" />
      <p ref={readoutRef} className="ts-chart__readout" aria-hidden="true" />
    </figure>
  );
}

function showReadout(target: HTMLElement | null, u: uPlot, unit: string, envelope: boolean) {
  if (!target) return;
  const i = u.cursor.idx;
  const ts = i === null || i === undefined ? undefined : u.data[0][i];
  if (i === null || i === undefined || ts === undefined) {
    target.textContent = '';
    return;
  }
  const at = (series: number) => u.data[series]?.[i] ?? null;
  const range = envelope ? ` (min ${formatValue(at(2), unit)}, max ${formatValue(at(3), unit)})` : '';
  target.textContent = `${new Date(ts * 1000).toLocaleString()}: ${formatValue(at(1), unit)}${range}`;
}

function toScale([min, max]: [number, number]) {
  return { min, max };
}

/** The latest value in words; re-renders at most once per frame, on its own. */
function ChartSummary({
  series,
  signal,
  unit,
}: {
  series: BoundedSeries;
  signal: FrameSignal;
  unit: string;
}) {
  useSyncExternalStore(signal.subscribe, signal.version);
  const last = series.last();
  return (
    <span className="ts-chart__summary" data-points={series.size}>
      {last ? (
        <>
          <span className="ts-chart__value">{formatValue(last.value, unit)}</span>
          <span className="ts-chart__meta">
            {' '}
            · {series.size} {series.size === 1 ? 'point' : 'points'}
          </span>
        </>
      ) : (
        <span className="ts-chart__meta">No readings in this range</span>
      )}
    </span>
  );
}
