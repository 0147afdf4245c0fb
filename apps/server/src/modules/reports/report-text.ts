import { formatNumber } from './report-charts';
import type { DeviceSection, MetricSummary, ReportDocument, Tone } from './report-model';
import { formatDuration, healthTone, percent } from './report-summary';

/**
 * The tables of a report as rows of plain text, shared by the HTML and PDF renderers so the two
 * formats never disagree on a figure or a heading.
 */
export interface Table {
  title: string;
  columns: string[];
  /** Right-aligned columns (numbers). */
  numeric: number[];
  rows: Array<{ cells: string[]; tone?: Tone }>;
  empty: string;
}

export const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const periodText = (doc: ReportDocument) => `${utc(doc.period.from)} to ${utc(doc.period.to)}`;

const value = (v: number | null, unit: string) =>
  v === null ? '–' : `${formatNumber(v)}\u00a0${unit}`.trim();

export function metricTable(section: DeviceSection): Table {
  return {
    title: 'Telemetry',
    columns: [
      'Metric',
      'Min',
      'Mean',
      'Max',
      'Normal range',
      'Outside normal',
      'Outside critical',
      'Readings',
    ],
    numeric: [1, 2, 3, 5, 6, 7],
    rows: section.metrics.map((m: MetricSummary) => ({
      cells: [
        m.label,
        value(m.min, m.unit),
        value(m.mean, m.unit),
        value(m.max, m.unit),
        `${formatNumber(m.normal.min)}–${formatNumber(m.normal.max)} ${m.unit}`.trim(),
        m.coveredMs > 0
          ? `${formatDuration(m.outsideNormalMs)} (${percent(m.outsideNormalMs / m.coveredMs)})`
          : '–',
        m.coveredMs > 0 ? formatDuration(m.outsideCriticalMs) : '–',
        String(m.count),
      ],
      tone: m.outsideCriticalMs > 0 ? 'critical' : m.outsideNormalMs > 0 ? 'warning' : undefined,
    })),
    empty: 'This device model defines no metrics.',
  };
}

export function healthTable(section: DeviceSection): Table | null {
  const health = section.health;
  if (!health) return null;
  return {
    title: `Health ${health.score.toFixed(0)} (${health.status}, ${health.trend}) at ${utc(health.computedAt)}`,
    columns: ['Component', 'Score', 'Weight', 'Assessment'],
    numeric: [1, 2],
    rows: health.components.map((c) => ({
      cells: [
        c.name,
        c.score === null ? 'n/a' : c.score.toFixed(0),
        `${(c.weight * 100).toFixed(0)} %`,
        c.summary,
      ],
      tone: c.score === null ? undefined : healthTone(c.score) === 'good' ? undefined : healthTone(c.score),
    })),
    empty: '',
  };
}

/** An asset's computed metrics over the period; null for reports not narrowed to an asset. */
export function assetMetricTable(doc: ReportDocument): Table | null {
  if (!doc.assetMetrics) return null;
  return {
    title: 'Computed metrics of the asset',
    columns: ['Metric', 'Min', 'Mean', 'Max', 'Last', 'Values', 'Expression'],
    numeric: [1, 2, 3, 4, 5],
    rows: doc.assetMetrics.map((m) => ({
      cells: [
        m.name,
        value(m.min, m.unit),
        value(m.mean, m.unit),
        value(m.max, m.unit),
        m.last ? `${value(m.last.value, m.unit)} at ${utc(m.last.ts)}` : '–',
        String(m.count),
        m.expression,
      ],
    })),
    empty: 'This asset has no computed metrics.',
  };
}

export function fleetTable(doc: ReportDocument): Table {
  return {
    title: 'Devices (those needing attention first)',
    columns: ['Device', 'Model', 'Location', 'Health', 'Condition', 'Alerts', 'Worst metric outside normal'],
    numeric: [3, 5],
    rows: doc.devices.map((d) => {
      const worst = [...d.metrics].sort((a, b) => b.outsideNormalMs - a.outsideNormalMs)[0];
      return {
        cells: [
          `${d.name} (${d.id})`,
          d.model,
          d.location || '–',
          d.health ? `${d.health.score.toFixed(0)} ${d.health.trend}` : '–',
          `${d.condition}, ${d.connectivity}`,
          String(d.alertCount),
          worst && worst.outsideNormalMs > 0
            ? `${worst.label}: ${percent(worst.outsideNormalMs / worst.coveredMs)}`
            : 'none',
        ],
        tone: d.health
          ? healthTone(d.health.score) === 'good'
            ? undefined
            : healthTone(d.health.score)
          : undefined,
      };
    }),
    empty: 'There are no devices.',
  };
}

export function alertTables(doc: ReportDocument): Table[] {
  const a = doc.alerts;
  return [
    {
      title: 'Alerts by severity and state',
      columns: ['', 'Count'],
      numeric: [1],
      rows: [
        {
          cells: ['Critical', String(a.bySeverity.critical)],
          tone: a.bySeverity.critical > 0 ? 'critical' : undefined,
        },
        {
          cells: ['Warning', String(a.bySeverity.warning)],
          tone: a.bySeverity.warning > 0 ? 'warning' : undefined,
        },
        { cells: ['Info', String(a.bySeverity.info)] },
        ...Object.entries(a.byState).map(([state, count]) => ({ cells: [`Now ${state}`, String(count)] })),
      ],
      empty: '',
    },
    {
      title: 'Most frequent rules',
      columns: ['Rule', 'Alerts'],
      numeric: [1],
      rows: a.topRules.map((r) => ({ cells: [r.rule, String(r.count)] })),
      empty: 'No alerts were raised in this period.',
    },
    {
      title: 'Latest alerts',
      columns: ['Raised', 'Device', 'Rule', 'Severity', 'State', 'Message'],
      numeric: [],
      rows: a.recent.map((r) => ({
        cells: [utc(r.startedAt), r.deviceId, r.rule, r.severity, r.state, r.message],
        tone: r.severity === 'critical' ? 'critical' : r.severity === 'warning' ? 'warning' : undefined,
      })),
      empty: 'No alerts were raised in this period.',
    },
  ];
}

export function predictionTable(doc: ReportDocument): Table {
  return {
    title: 'Failure predictions',
    columns: ['Device', 'Metric', 'Limit', 'Remaining life', 'P(24 h)', 'P(7 d)', 'P(30 d)', 'Basis'],
    numeric: [2, 3, 4, 5, 6],
    rows: doc.predictions.map((p) => ({
      cells: [
        p.deviceId,
        p.metric,
        p.method === 'fleet_model'
          ? '—'
          : `${p.direction === 'high' ? '>' : '<'}\u00a0${formatNumber(p.limit)}\u00a0${p.unit}`.trim(),
        p.rulHours === null ? 'not in sight' : formatDuration(p.rulHours * 3_600_000),
        percent(p.p24h),
        percent(p.p7d),
        percent(p.p30d),
        p.summary,
      ],
      tone: p.p7d >= 0.7 ? 'critical' : p.p7d >= 0.3 ? 'warning' : undefined,
    })),
    empty: doc.available.predictions
      ? 'No metric is predicted to cross its critical limit.'
      : 'Not available in this installation.',
  };
}

export function eventTable(doc: ReportDocument): Table {
  return {
    title: 'Maintenance log',
    columns: ['Time', 'Device', 'Event', 'Failure mode', 'Notes', 'Recorded by'],
    numeric: [],
    rows: doc.events.map((e) => ({
      cells: [utc(e.ts), e.deviceId, e.type, e.failureMode ?? '', e.notes ?? '', e.by ?? ''],
      tone: e.type === 'failure' ? 'critical' : undefined,
    })),
    empty: 'No failure, repair, maintenance or inspection was recorded in this period.',
  };
}

export function recommendationTable(doc: ReportDocument): Table {
  return {
    title: 'Open recommendations',
    columns: ['Priority', 'Device', 'Type', 'Recommendation', 'Action', 'When'],
    numeric: [],
    rows: doc.recommendations.map((r) => ({
      cells: [r.priority, r.deviceId, r.type, r.title, r.action, r.timeframe.replace('_', ' ')],
      tone: r.priority === 'critical' ? 'critical' : r.priority === 'high' ? 'warning' : undefined,
    })),
    empty: doc.available.recommendations
      ? 'There are no open recommendations.'
      : 'Not available in this installation.',
  };
}
