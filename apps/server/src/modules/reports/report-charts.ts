import type { ChartSpec, Tone } from './report-model';

/**
 * Charts are laid out once as plain shapes in a width × height box; the HTML report writes them
 * as SVG and the PDF report draws the same shapes as vector paths, so both look alike.
 */
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; opacity: number }
  | { kind: 'path'; points: Array<[number, number]>; stroke: string; width: number; closed: false }
  | { kind: 'area'; points: Array<[number, number]>; fill: string; opacity: number }
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      width: number;
      dash: boolean;
    }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      anchor: 'start' | 'middle' | 'end';
      fill: string;
    };

export interface ChartLayout {
  width: number;
  height: number;
  shapes: Shape[];
}

export const toneColors: Record<Tone, string> = {
  good: '#2e7d32',
  warning: '#ef6c00',
  critical: '#c62828',
  neutral: '#607d8b',
};
const INK = '#263238';
const GRID = '#cfd8dc';
const LINE = '#1565c0';
const BAND = '#64b5f6';

const MARGIN = { left: 52, right: 10, top: 10, bottom: 26 };

/** Round tick values (1, 2, 2.5, 5 × 10^n) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function formatNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

function timeLabel(t: number, spanMs: number): string {
  const d = new Date(t).toISOString();
  return spanMs <= 2 * 86_400_000 ? `${d.slice(5, 10)} ${d.slice(11, 16)}` : d.slice(5, 10);
}

function valueRange(spec: ChartSpec): { min: number; max: number } {
  if (spec.yRange) return spec.yRange;
  if (spec.kind === 'bars') {
    const top = Math.max(1, ...spec.bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
    return { min: 0, max: top };
  }
  let min = Math.min(...spec.points.map((p) => p.min));
  let max = Math.max(...spec.points.map((p) => p.max));
  if (spec.normal) {
    min = Math.min(min, spec.normal.min);
    max = Math.max(max, spec.normal.max);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  const pad = (max - min || Math.abs(max) || 1) * 0.08;
  return { min: min - pad, max: max + pad };
}

export function layoutChart(spec: ChartSpec, width = 520, height = 190): ChartLayout {
  const shapes: Shape[] = [];
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    w: width - MARGIN.left - MARGIN.right,
    h: height - MARGIN.top - MARGIN.bottom,
  };
  const span = Math.max(1, spec.to - spec.from);
  const range = valueRange(spec);
  const x = (t: number) => plot.x + ((t - spec.from) / span) * plot.w;
  const y = (v: number) =>
    plot.y +
    plot.h -
    ((Math.min(range.max, Math.max(range.min, v)) - range.min) / (range.max - range.min)) * plot.h;

  // Ranges first, under everything: critical zones tinted red, the normal band green.
  const zone = (lo: number, hi: number, fill: string, opacity: number) => {
    const top = y(Math.min(hi, range.max));
    const bottom = y(Math.max(lo, range.min));
    if (bottom - top > 0.5)
      shapes.push({ kind: 'rect', x: plot.x, y: top, w: plot.w, h: bottom - top, fill, opacity });
  };
  if (spec.critical && !spec.yRange) {
    if (spec.critical.max < range.max) zone(spec.critical.max, range.max, toneColors.critical, 0.1);
    if (spec.critical.min > range.min) zone(range.min, spec.critical.min, toneColors.critical, 0.1);
  }
  if (spec.normal) zone(spec.normal.min, spec.normal.max, toneColors.good, 0.1);

  for (const tick of niceTicks(range.min, range.max, 4)) {
    shapes.push({
      kind: 'line',
      x1: plot.x,
      y1: y(tick),
      x2: plot.x + plot.w,
      y2: y(tick),
      stroke: GRID,
      width: 0.5,
      dash: true,
    });
    shapes.push({
      kind: 'text',
      x: plot.x - 4,
      y: y(tick) + 3,
      text: formatNumber(tick),
      size: 8,
      anchor: 'end',
      fill: INK,
    });
  }
  for (let i = 0; i <= 4; i += 1) {
    const t = spec.from + (span * i) / 4;
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    shapes.push({
      kind: 'text',
      x: x(t),
      y: height - 8,
      text: timeLabel(t, span),
      size: 8,
      anchor,
      fill: INK,
    });
  }

  if (spec.kind === 'bars') {
    const slotW = plot.w / Math.max(1, spec.bars.length);
    for (const [i, bar] of spec.bars.entries()) {
      let base = 0;
      bar.values.forEach((v, s) => {
        if (v <= 0) return;
        const top = y(base + v);
        shapes.push({
          kind: 'rect',
          x: plot.x + i * slotW + slotW * 0.15,
          y: top,
          w: slotW * 0.7,
          h: y(base) - top,
          fill: toneColors[spec.stacks[s]?.tone ?? 'neutral'],
          opacity: 0.9,
        });
        base += v;
      });
    }
  } else {
    // A gap in the data breaks the line instead of drawing across it.
    const gap = (span / Math.max(1, spec.points.length)) * 3;
    let run: typeof spec.points = [];
    const flush = () => {
      if (run.length === 0) return;
      const upper = run.map((p): [number, number] => [x(p.t), y(p.max)]);
      const lower = run.map((p): [number, number] => [x(p.t), y(p.min)]).reverse();
      shapes.push({ kind: 'area', points: [...upper, ...lower], fill: BAND, opacity: 0.35 });
      shapes.push({
        kind: 'path',
        points: run.map((p) => [x(p.t), y(p.mean)]),
        stroke: LINE,
        width: 1.2,
        closed: false,
      });
      run = [];
    };
    for (const p of spec.points) {
      const prev = run[run.length - 1];
      if (prev && p.t - prev.t > gap) flush();
      run.push(p);
    }
    flush();
    if (spec.points.length === 0) {
      shapes.push({
        kind: 'text',
        x: plot.x + plot.w / 2,
        y: plot.y + plot.h / 2,
        text: 'No data in this period',
        size: 10,
        anchor: 'middle',
        fill: INK,
      });
    }
  }
  shapes.push({
    kind: 'line',
    x1: plot.x,
    y1: plot.y + plot.h,
    x2: plot.x + plot.w,
    y2: plot.y + plot.h,
    stroke: INK,
    width: 0.8,
    dash: false,
  });
  shapes.push({
    kind: 'line',
    x1: plot.x,
    y1: plot.y,
    x2: plot.x,
    y2: plot.y + plot.h,
    stroke: INK,
    width: 0.8,
    dash: false,
  });
  return { width, height, shapes };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();
const pointList = (points: Array<[number, number]>) =>
  points.map(([px, py]) => `${n(px)},${n(py)}`).join(' ');

/** The chart as an inline SVG element (text escaped; no scripts, no external references). */
export function chartToSvg(layout: ChartLayout, title: string): string {
  const body = layout.shapes
    .map((s) => {
      switch (s.kind) {
        case 'rect':
          return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill}" fill-opacity="${s.opacity}"/>`;
        case 'area':
          return `<polygon points="${pointList(s.points)}" fill="${s.fill}" fill-opacity="${s.opacity}" stroke="none"/>`;
        case 'path':
          return `<polyline points="${pointList(s.points)}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}" stroke-linejoin="round"/>`;
        case 'line':
          return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ' stroke-dasharray="3 3"' : ''}/>`;
        case 'text':
          return `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}">${escapeXml(s.text)}</text>`;
      }
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeXml(title)}" font-family="Helvetica, Arial, sans-serif">${body}</svg>`;
}
