import type uPlot from 'uplot';
import type { ChartPalette } from './chart-palette';

export interface Range {
  min: number;
  max: number;
}

/** The model's limits for a metric, and which side of them is bad. */
export interface MetricBands {
  normal: Range;
  critical: Range;
  bad: 'high' | 'low' | 'both';
}

/**
 * The y range: the data, widened to show the whole normal band, so a flat healthy signal is
 * not magnified into noise and the distance to the limits is always visible.
 */
export function yRange(
  bands: MetricBands | undefined,
  dataMin: number | null,
  dataMax: number | null,
): Range {
  let lo = dataMin ?? bands?.normal.min ?? 0;
  let hi = dataMax ?? bands?.normal.max ?? 1;
  if (bands) {
    lo = Math.min(lo, bands.normal.min);
    hi = Math.max(hi, bands.normal.max);
  }
  const span = hi - lo || Math.abs(hi) || 1;
  return { min: lo - span * 0.08, max: hi + span * 0.08 };
}

/** Draws the bands under the series: normal (green), beyond normal (amber), beyond critical (red). */
export function drawBands(u: uPlot, bands: MetricBands, palette: ChartPalette) {
  const { ctx, bbox } = u;
  const top = bbox.top;
  const bottom = bbox.top + bbox.height;
  const y = (value: number) => Math.min(bottom, Math.max(top, u.valToPos(value, 'y', true)));

  const fill = (from: number, to: number, color: string) => {
    const a = y(from);
    const b = y(to);
    if (Math.abs(a - b) < 0.5) return;
    ctx.fillStyle = color;
    ctx.fillRect(bbox.left, Math.min(a, b), bbox.width, Math.abs(a - b));
  };
  const line = (value: number, color: string) => {
    const at = u.valToPos(value, 'y', true);
    if (at < top || at > bottom) return;
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(bbox.left, Math.round(at) + 0.5);
    ctx.lineTo(bbox.left + bbox.width, Math.round(at) + 0.5);
    ctx.stroke();
  };

  ctx.save();
  ctx.lineWidth = devicePixelRatio || 1;
  ctx.setLineDash([4 * (devicePixelRatio || 1), 4 * (devicePixelRatio || 1)]);
  const high = bands.bad === 'high' || bands.bad === 'both';
  const low = bands.bad === 'low' || bands.bad === 'both';
  const yMax = u.scales.y?.max ?? bands.critical.max;
  const yMin = u.scales.y?.min ?? bands.critical.min;
  fill(bands.normal.min, bands.normal.max, palette.normal);
  if (high) {
    fill(bands.normal.max, Math.max(bands.normal.max, Math.min(bands.critical.max, yMax)), palette.warning);
    if (bands.critical.max < yMax) fill(bands.critical.max, yMax, palette.critical);
    line(bands.critical.max, palette.criticalLine);
  }
  if (low) {
    fill(Math.min(bands.normal.min, Math.max(bands.critical.min, yMin)), bands.normal.min, palette.warning);
    if (bands.critical.min > yMin) fill(yMin, bands.critical.min, palette.critical);
    line(bands.critical.min, palette.criticalLine);
  }
  line(bands.normal.min, palette.normalLine);
  line(bands.normal.max, palette.normalLine);
  ctx.restore();
}
