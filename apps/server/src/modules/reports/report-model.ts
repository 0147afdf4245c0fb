import type { Severity } from '@dtwin/contracts/alerts';
import type { HealthComponentName, HealthStatus, HealthTrend } from '@dtwin/contracts/health';

/**
 * A report as data, before it is laid out: the HTML and PDF renderers draw the same document,
 * so both formats always say the same thing.
 */
export interface ReportDocument {
  kind: 'fleet' | 'device';
  title: string;
  subtitle: string;
  period: { from: number; to: number };
  generatedAt: number;
  generatedBy: string | null;
  /** Headline figures. */
  summary: SummaryItem[];
  /** What the report could not include, and why (in words, for the reader). */
  notes: string[];
  /** Fleet-wide charts (alerts per day, fleet health). */
  charts: ChartSpec[];
  devices: DeviceSection[];
  alerts: AlertStats;
  predictions: PredictionLine[];
  /** Failures, repairs, maintenance and inspections recorded in the period, oldest first. */
  events: EventLine[];
  recommendations: RecommendationLine[];
  /**
   * A report narrowed to an asset: the asset's computed metrics over the period (an empty list
   * when it has none); absent from other reports.
   */
  assetMetrics?: AssetMetricLine[];
  /** Which optional sources this installation has (an empty table means nothing, not unknown). */
  available: { health: boolean; predictions: boolean; recommendations: boolean };
}

export type Tone = 'good' | 'warning' | 'critical' | 'neutral';

export interface SummaryItem {
  label: string;
  value: string;
  tone: Tone;
}

export interface HealthSnapshot {
  score: number;
  status: HealthStatus;
  trend: HealthTrend;
  computedAt: number;
  components: Array<{ name: HealthComponentName; score: number | null; weight: number; summary: string }>;
}

export interface MetricSummary {
  name: string;
  label: string;
  unit: string;
  normal: { min: number; max: number };
  critical: { min: number; max: number };
  /** Readings behind the figures (the rollups' counts). */
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Time covered by data, and the parts of it whose mean was outside each range. */
  coveredMs: number;
  outsideNormalMs: number;
  outsideCriticalMs: number;
}

export interface DeviceSection {
  id: string;
  name: string;
  model: string;
  location: string;
  condition: string;
  connectivity: string;
  health: HealthSnapshot | null;
  metrics: MetricSummary[];
  alertCount: number;
  charts: ChartSpec[];
}

/** A time chart: a mean line inside a min–max band, over the normal and critical ranges; or bars. */
export interface ChartSpec {
  title: string;
  unit: string;
  from: number;
  to: number;
  kind: 'line' | 'bars';
  /** Line charts: one point per slot. */
  points: Array<{ t: number; mean: number; min: number; max: number }>;
  /** Bar charts: stacked values per slot, in the order of `stacks`. */
  bars: Array<{ t: number; values: number[] }>;
  stacks: Array<{ label: string; tone: Tone }>;
  normal?: { min: number; max: number };
  critical?: { min: number; max: number };
  /** Fixed value axis (e.g. 0..100 for health); otherwise fitted to the data and the ranges. */
  yRange?: { min: number; max: number };
}

export interface AlertStats {
  total: number;
  bySeverity: Record<Severity, number>;
  byState: Record<string, number>;
  topRules: Array<{ rule: string; count: number }>;
  /** Mean minutes from raise to acknowledgement, over the acknowledged ones. */
  meanMinutesToAck: number | null;
  recent: Array<{
    startedAt: number;
    deviceId: string;
    rule: string;
    severity: Severity;
    state: string;
    message: string;
  }>;
  /** True when there were more alerts than the report reads (the figures are a lower bound). */
  truncated: boolean;
}

export interface EventLine {
  deviceId: string;
  ts: number;
  type: string;
  failureMode: string | null;
  notes: string | null;
  by: string | null;
}

export interface PredictionLine {
  /** `fleet_model`: the device's RUL learnt from its model's failures (no metric, no limit). */
  method?: 'fleet_model' | 'limit_trend';
  deviceId: string;
  metric: string;
  unit: string;
  direction: 'high' | 'low';
  limit: number;
  rulHours: number | null;
  p24h: number;
  p7d: number;
  p30d: number;
  confidence: number;
  summary: string;
}

export interface RecommendationLine {
  deviceId: string;
  type: string;
  priority: string;
  title: string;
  action: string;
  timeframe: string;
  status: string;
}

/** One computed metric of the asset a report is about, over the report's period. */
export interface AssetMetricLine {
  name: string;
  unit: string;
  expression: string;
  /** Values computed in the period; the figures are null when there were none. */
  count: number;
  min: number | null;
  mean: number | null;
  max: number | null;
  last: { ts: number; value: number } | null;
}
