import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BoundedSeries, FrameSignal } from '../../lib/live-buffer';
import { alignSeries } from './align-series';
import { drawBands, yRange, type MetricBands } from './chart-bands';
import { readChartPalette } from './chart-palette';
import { formatValue } from './format-value';
import type { ChartWindow } from './TimeSeriesChart';
import './TimeSeriesChart.css';

/** One line of an overlay; `shiftMs` moves it right (a previous period drawn over this one). */
export interface ChartLine {
  label: string;
  series: BoundedSeries;
  dashed?: boolean;
  shiftMs?: number;
}

interface MultiSeriesChartProps {
  lines: readonly ChartLine[];
  /** Notified (once per frame) when any line changed; the chart redraws without a React render. */
  signal: FrameSignal;
  window: ChartWindow;
  unit: string;
  bands?: MetricBands;
  /** Dragging across the plot selects a stretch of time: called with it in epoch ms. */
  onZoom?: (from: number, to: number) => void;
  height: number;
}

/** Distinct hues readable on both themes; a dashed line reuses its current line's colour. */
export const LINE_COLOURS = [
  '#2f7bd8',
  '#d9622b',
  '#2e9e5b',
  '#9a4fd0',
  '#c4a000',
  '#d43f7a',
  '#1a9aa8',
  '#7a7a7a',
];
const SLIDE_EVERY_MS = 5000;

/** Several series on one time axis (uPlot), the model's bands under them, drag to zoom. */
export function MultiSeriesChart({
  lines,
  signal,
  window: chartWindow,
  unit,
  bands,
  onZoom,
  height,
}: MultiSeriesChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const zoomRef = useRef(onZoom);
  useEffect(() => {
    zoomRef.current = onZoom;
  }, [onZoom]);
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
      const tables = lines.map((line) => {
        const cols = line.series.columns();
        return { ts: cols.ts.map((t) => (t + (line.shiftMs ?? 0)) / 1000), value: cols.value };
      });
      return alignSeries(tables) as uPlot.AlignedData;
    };
    const colourOf = (i: number) => {
      const current = lines.filter((l) => !l.dashed);
      const line = lines[i];
      const index = line?.dashed ? Math.max(0, i - current.length) : i;
      return LINE_COLOURS[index % LINE_COLOURS.length] ?? palette.line;
    };

    const plot = new uPlot(
      {
        width: Math.max(120, host.clientWidth),
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
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: colourOf(i),
            width: line.dashed ? 1 : 1.5,
            dash: line.dashed ? [6, 4] : undefined,
            spanGaps: true,
            points: { size: 4 },
          })),
        ],
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
            size: 52,
            values: (_u, splits) => splits.map((v) => formatValue(v)),
          },
        ],
        cursor: { drag: { x: true, y: false, setScale: false } },
        legend: { show: false },
        hooks: {
          drawClear: bands ? [(u) => drawBands(u, bands, palette)] : [],
          setSelect: [
            (u) => {
              if (u.select.width < 4) return;
              const a = u.posToVal(u.select.left, 'x') * 1000;
              const b = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              zoomRef.current?.(Math.round(a), Math.round(b));
            },
          ],
          setCursor: [(u) => showReadout(readoutRef.current, u, lines, unit)],
        },
      },
      data(),
      host,
    );
    const unsubscribe = signal.subscribe(() => plot.setData(data()));
    const slide =
      spanMs !== null
        ? setInterval(() => plot.setScale('x', { min: xRange()[0], max: xRange()[1] }), SLIDE_EVERY_MS)
        : 0;
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => plot.setSize({ width: Math.max(120, host.clientWidth), height }));
    resize?.observe(host);
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
  }, [lines, signal, unit, bands, height, from, to, spanMs]);

  return (
    <figure className="ts-chart">
      <div ref={hostRef} className="ts-chart__plot" data-lines={lines.length} />
      <p ref={readoutRef} className="ts-chart__readout" aria-hidden="true" />
    </figure>
  );
}

function showReadout(target: HTMLElement | null, u: uPlot, lines: readonly ChartLine[], unit: string) {
  if (!target) return;
  const i = u.cursor.idx;
  const ts = i === null || i === undefined ? undefined : u.data[0][i];
  if (i === null || i === undefined || ts === undefined) {
    target.textContent = '';
    return;
  }
  const values = lines
    .map((line, n) => {
      const v = u.data[n + 1]?.[i];
      return v === null || v === undefined ? null : `${line.label} ${formatValue(v, unit)}`;
    })
    .filter(Boolean);
  target.textContent = `${new Date(ts * 1000).toLocaleString()}: ${values.join(' · ')}`;
}
