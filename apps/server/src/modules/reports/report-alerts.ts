import type { Alert, AlertList, AlertListQuery } from '@dtwin/contracts/alerts';
import type { AlertStats, ChartSpec } from './report-model';

export type AlertLister = (query: AlertListQuery) => Promise<AlertList>;

const PAGE = 500;
/** Alerts read at most for one report; past it the figures are marked as a lower bound. */
const MAX_ALERTS = 20_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function emptyAlertStats(): AlertStats {
  return {
    total: 0,
    bySeverity: { info: 0, warning: 0, critical: 0 },
    byState: {},
    topRules: [],
    meanMinutesToAck: null,
    recent: [],
    truncated: false,
  };
}

/**
 * Alerts raised in [from, to), read newest first through the alerts service (it lists by start
 * time), stopping at the first one older than the period. Returns the statistics, the count per
 * device and a chart of alerts per day by severity.
 */
export async function gatherAlerts(
  list: AlertLister,
  /** `deviceIds`: count only the alerts of these devices (an asset's subtree). */
  scope: { deviceId?: string; deviceIds?: ReadonlySet<string> },
  period: { from: number; to: number },
): Promise<{ stats: AlertStats; perDevice: Map<string, number>; chart: ChartSpec }> {
  const stats = emptyAlertStats();
  const perDevice = new Map<string, number>();
  const perRule = new Map<string, number>();
  // Bars per hour over a few days, per day beyond.
  const slot = period.to - period.from <= 3 * DAY ? HOUR : DAY;
  const dayStart = (t: number) => Math.floor(t / slot) * slot;
  const perDay = new Map<number, number[]>();
  let ackTotalMs = 0;
  let acked = 0;
  let offset = 0;
  let done = false;
  while (!done) {
    const page = await list({
      ...(scope.deviceId ? { device_id: scope.deviceId } : {}),
      limit: PAGE,
      offset,
    });
    for (const alert of page.items) {
      const started = Date.parse(alert.started_at);
      if (started >= period.to) continue;
      if (started < period.from) {
        done = true;
        break;
      }
      if (scope.deviceIds && !scope.deviceIds.has(alert.device_id)) continue;
      count(alert, started);
    }
    offset += page.items.length;
    if (page.items.length < PAGE) done = true;
    if (offset >= MAX_ALERTS && !done) {
      stats.truncated = true;
      done = true;
    }
  }

  function count(alert: Alert, started: number) {
    stats.total += 1;
    stats.bySeverity[alert.severity] += 1;
    stats.byState[alert.state] = (stats.byState[alert.state] ?? 0) + 1;
    perRule.set(alert.rule_name, (perRule.get(alert.rule_name) ?? 0) + 1);
    perDevice.set(alert.device_id, (perDevice.get(alert.device_id) ?? 0) + 1);
    if (alert.acknowledged_at) {
      ackTotalMs += Math.max(0, Date.parse(alert.acknowledged_at) - started);
      acked += 1;
    }
    const day = perDay.get(dayStart(started)) ?? [0, 0, 0];
    day[alert.severity === 'info' ? 0 : alert.severity === 'warning' ? 1 : 2]! += 1;
    perDay.set(dayStart(started), day);
    if (stats.recent.length < 25) {
      stats.recent.push({
        startedAt: started,
        deviceId: alert.device_id,
        rule: alert.rule_name,
        severity: alert.severity,
        state: alert.state,
        message: alert.message,
      });
    }
  }

  stats.topRules = [...perRule.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([rule, n]) => ({ rule, count: n }));
  stats.meanMinutesToAck = acked > 0 ? ackTotalMs / acked / 60_000 : null;

  const bars: ChartSpec['bars'] = [];
  for (let day = dayStart(period.from); day < period.to; day += slot) {
    bars.push({ t: day, values: perDay.get(day) ?? [0, 0, 0] });
  }
  const chart: ChartSpec = {
    title: slot === HOUR ? 'Alerts raised per hour' : 'Alerts raised per day',
    unit: 'alerts',
    from: dayStart(period.from),
    to: Math.max(dayStart(period.to - 1) + slot, dayStart(period.from) + slot),
    kind: 'bars',
    points: [],
    bars,
    stacks: [
      { label: 'Info', tone: 'neutral' },
      { label: 'Warning', tone: 'warning' },
      { label: 'Critical', tone: 'critical' },
    ],
  };
  return { stats, perDevice, chart };
}
