import type { Device } from '@dtwin/contracts/devices';
import type { DevicePredictions } from '@dtwin/contracts/predictions';
import type { ReportScope } from '@dtwin/contracts/reports';
import { gatherAlerts } from './report-alerts';
import { CHART_SLOTS, fleetHealthChart, healthChart, optional, toSnapshot } from './report-health';
import { outsideShare, summarizeMetric } from './report-metrics';
import type {
  ChartSpec,
  DeviceSection,
  EventLine,
  PredictionLine,
  RecommendationLine,
  ReportDocument,
} from './report-model';
import type { ReportSources } from './report-sources';
import { summarize } from './report-summary';

export type { ReportSources } from './report-sources';

export interface ReportRequest {
  scope: ReportScope;
  from: number;
  to: number;
  requestedBy: string | null;
  now: number;
  /** A fleet report narrowed to this asset and everything below it. */
  assetId?: string;
}

const MAX_RECOMMENDATIONS = 50;

async function allDevices(sources: ReportSources, assetId?: string): Promise<Device[]> {
  const devices: Device[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await sources.devices.list({
      sort: 'id',
      limit: 1000,
      offset,
      ...(assetId ? { asset_id: assetId } : {}),
    });
    devices.push(...page.items);
    if (page.items.length < 1000) return devices;
  }
}

const MAX_EVENTS_PER_DEVICE = 100;

function predictionLines(deviceId: string, found: DevicePredictions | null): PredictionLine[] {
  const f = found?.fleet;
  const fleet: PredictionLine[] = f
    ? [
        {
          method: 'fleet_model',
          deviceId,
          metric: 'whole device (fleet model)',
          unit: '',
          direction: 'high',
          limit: 0,
          rulHours: f.rul_h,
          p24h: f.failure_probability['24h'],
          p7d: f.failure_probability['7d'],
          p30d: f.failure_probability['30d'],
          confidence: 1,
          summary: `Fleet model v${f.model_version}, learnt from ${f.trained_on} recorded failures; 90 % interval ${formatHours(f.rul_low_h)}–${formatHours(f.rul_high_h)}`,
        },
      ]
    : [];
  return [
    ...fleet,
    ...(found?.predictions ?? []).map((p) => ({
      deviceId,
      metric: p.metric,
      unit: p.unit,
      direction: p.direction,
      limit: p.limit,
      rulHours: p.rul_h,
      p24h: p.failure_probability['24h'],
      p7d: p.failure_probability['7d'],
      p30d: p.failure_probability['30d'],
      confidence: p.confidence,
      summary: p.evidence.summary,
    })),
  ];
}

const formatHours = (h: number) => (h < 48 ? `${h.toFixed(h < 10 ? 1 : 0)} h` : `${(h / 24).toFixed(1)} d`);

async function recommendationLines(
  sources: ReportSources,
  deviceId: string | undefined,
): Promise<RecommendationLine[] | null> {
  const read = sources.recommendations;
  if (!read) return null;
  const open = await optional(() =>
    read({
      ...(deviceId ? { device_id: deviceId } : {}),
      status: 'open',
      limit: MAX_RECOMMENDATIONS,
      offset: 0,
    }),
  );
  if (!open) return null;
  return open.items.map((r) => ({
    deviceId: r.device_id,
    type: r.type,
    priority: r.priority,
    title: r.title,
    action: r.action,
    timeframe: r.timeframe,
    status: r.status,
  }));
}

/**
 * Gathers everything a report says. `progress` gets 0..0.9 as devices are read (rendering is
 * the last tenth); `signal` stops the work between devices when the worker shuts down.
 */
export async function buildReport(
  sources: ReportSources,
  request: ReportRequest,
  progress: (fraction: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<ReportDocument> {
  const { from, to, now } = request;
  const deviceScope = request.scope === 'fleet' ? undefined : request.scope.device_id;
  const devices = deviceScope
    ? [await sources.devices.get(deviceScope)]
    : await allDevices(sources, request.assetId);
  const detailed = deviceScope !== undefined;
  const notes: string[] = [];
  const asset =
    request.assetId && !deviceScope && sources.assets ? await sources.assets.get(request.assetId) : undefined;
  const inScope = asset ? new Set(devices.map((d) => d.id)) : undefined;

  const alerts = await gatherAlerts(
    sources.alerts,
    { ...(deviceScope ? { deviceId: deviceScope } : {}), ...(inScope ? { deviceIds: inScope } : {}) },
    { from, to },
  );
  await progress(0.05);

  const sections: DeviceSection[] = [];
  const predictions: PredictionLine[] = [];
  const events: EventLine[] = [];
  for (const [index, device] of devices.entries()) {
    signal?.throwIfAborted();
    const model = sources.models.find(device.model);
    const metrics = [];
    const charts: ChartSpec[] = [];
    for (const metric of model?.metrics ?? []) {
      const { summary, chart } = await summarizeMetric(
        sources.history,
        device.id,
        metric,
        { from, to, now },
        CHART_SLOTS,
      );
      metrics.push(summary);
      if (detailed && chart.points.length > 0) charts.push(chart);
    }
    const health = await optional(sources.health ? () => sources.health!.get(device.id) : undefined);
    if (detailed) {
      const chart = await healthChart(sources, device.id, from, to);
      if (chart) charts.unshift(chart);
    }
    predictions.push(
      ...predictionLines(
        device.id,
        await optional(sources.predictions && (() => sources.predictions!(device.id))),
      ),
    );
    const logged = await optional(
      sources.events &&
        (() =>
          sources.events!(device.id, {
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
            limit: MAX_EVENTS_PER_DEVICE,
          })),
    );
    for (const e of logged ?? [])
      events.push({
        deviceId: device.id,
        ts: Date.parse(e.ts),
        type: e.type,
        failureMode: e.failure_mode,
        notes: e.notes,
        by: e.created_by,
      });
    sections.push({
      id: device.id,
      name: device.name,
      model: model?.name ?? device.model,
      location: [device.location.site, device.location.zone].filter((s) => s !== '').join(' / '),
      condition: device.condition,
      connectivity: device.connectivity,
      health: health ? toSnapshot(health) : null,
      metrics,
      alertCount: alerts.perDevice.get(device.id) ?? 0,
      charts,
    });
    await progress(0.05 + (0.85 * (index + 1)) / devices.length);
  }

  const assetMetrics =
    asset && sources.computedMetrics
      ? await optional(() => sources.computedMetrics!(asset.id, from, to))
      : undefined;
  if (asset && !sources.computedMetrics)
    notes.push("The asset's computed metrics are not available in this installation.");
  else if (asset && assetMetrics === null) notes.push("The asset's computed metrics could not be read.");

  const recommendations =
    (await recommendationLines(sources, deviceScope))?.filter((r) => !inScope || inScope.has(r.deviceId)) ??
    null;
  if (!sources.health) notes.push('Health scores are not available in this installation.');
  else if (sections.every((s) => s.health === null))
    notes.push('No health score has been computed for these devices yet.');
  if (!sources.predictions) notes.push('Failure predictions are not available in this installation.');
  if (recommendations === null) notes.push('Recommendations are not available in this installation.');
  if (alerts.stats.truncated)
    notes.push('There were more alerts than a report reads; the alert figures are a lower bound.');
  if (sections.every((s) => s.metrics.every((m) => m.count === 0)))
    notes.push('No telemetry was recorded in this period.');

  // Most urgent first: the highest 7-day failure probability, confident predictions only.
  predictions.sort((a, b) => b.p7d - a.p7d || b.confidence - a.confidence);
  const device = deviceScope ? sections[0] : undefined;
  return {
    kind: device ? 'device' : 'fleet',
    title: device
      ? `Health report: ${device.name}`
      : asset
        ? `Health report: ${asset.name}`
        : 'Fleet health report',
    subtitle: device
      ? `${device.id} · ${device.model}${device.location ? ` · ${device.location}` : ''}`
      : asset
        ? `${asset.type} ${asset.id} and everything below it · ${sections.length} devices`
        : `${sections.length} devices`,
    period: { from, to },
    generatedAt: now,
    generatedBy: request.requestedBy,
    summary: summarize(sections, alerts.stats, predictions, { from, to }),
    notes,
    charts: [
      ...(alerts.stats.total > 0 ? [alerts.chart] : []),
      ...(detailed ? [] : [(await fleetHealthChart(sources, sections, from, to)) ?? []].flat()),
    ],
    devices: sections.sort((a, b) => worstFirst(a, b, detailed)),
    alerts: alerts.stats,
    predictions: predictions.filter((p) => p.confidence >= 0.5 || p.rulHours !== null).slice(0, 50),
    events: events.sort((a, b) => a.ts - b.ts),
    recommendations: recommendations ?? [],
    ...(assetMetrics ? { assetMetrics } : {}),
    available: {
      health: sources.health !== undefined,
      predictions: sources.predictions !== undefined,
      recommendations: recommendations !== null,
    },
  };
}

/** Fleet reports list the devices that need attention first: lowest health, then most time out of range. */
function worstFirst(a: DeviceSection, b: DeviceSection, detailed: boolean): number {
  if (detailed) return 0;
  const score = (s: DeviceSection) => s.health?.score ?? 101;
  const outside = (s: DeviceSection) => Math.max(0, ...s.metrics.map(outsideShare));
  return score(a) - score(b) || outside(b) - outside(a) || a.id.localeCompare(b.id);
}
