import type { AlertStats, DeviceSection, PredictionLine, SummaryItem, Tone } from './report-model';

/** Health status bands of the specification: excellent ≥ 95, good ≥ 80, warning ≥ 60, critical ≥ 30, failure below. */
export function healthTone(score: number): Tone {
  return score >= 80 ? 'good' : score >= 60 ? 'warning' : 'critical';
}

/** With a non-breaking space, so a table cell never splits "42 %". */
export const percent = (share: number) =>
  `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}\u00a0%`;

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}\u00a0min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)}\u00a0h` : `${(hours / 24).toFixed(1)}\u00a0days`;
}

/** The headline figures at the top of a report. */
export function summarize(
  devices: DeviceSection[],
  alerts: AlertStats,
  predictions: PredictionLine[],
  period: { from: number; to: number },
): SummaryItem[] {
  const items: SummaryItem[] = [];
  if (devices.length > 1) {
    const online = devices.filter((d) => d.connectivity === 'online').length;
    items.push({
      label: 'Devices online',
      value: `${online} of ${devices.length}`,
      tone: online === devices.length ? 'good' : 'warning',
    });
  } else if (devices[0]) {
    const d = devices[0];
    items.push({
      label: 'Condition',
      value: `${d.condition}, ${d.connectivity}`,
      tone: d.condition === 'normal' ? 'good' : d.condition === 'critical' ? 'critical' : 'warning',
    });
  }

  const scored = devices.filter((d) => d.health !== null).map((d) => d.health!.score);
  if (scored.length > 0) {
    const mean = scored.reduce((a, b) => a + b, 0) / scored.length;
    items.push({
      label: devices.length > 1 ? 'Mean health score' : 'Health score',
      value: mean.toFixed(0),
      tone: healthTone(mean),
    });
  }

  items.push({
    label: 'Alerts raised',
    value: `${alerts.total}${alerts.bySeverity.critical > 0 ? ` (${alerts.bySeverity.critical} critical)` : ''}`,
    tone: alerts.bySeverity.critical > 0 ? 'critical' : alerts.bySeverity.warning > 0 ? 'warning' : 'good',
  });
  if (alerts.meanMinutesToAck !== null) {
    items.push({
      label: 'Mean time to acknowledge',
      value: formatDuration(alerts.meanMinutesToAck * 60_000),
      tone: 'neutral',
    });
  }

  const metrics = devices.flatMap((d) => d.metrics);
  const covered = metrics.reduce((a, m) => a + m.coveredMs, 0);
  const outside = metrics.reduce((a, m) => a + m.outsideNormalMs, 0);
  const critical = metrics.reduce((a, m) => a + m.outsideCriticalMs, 0);
  if (covered > 0) {
    const share = outside / covered;
    items.push({
      label: 'Time outside normal range',
      value: percent(share),
      tone: critical > 0 ? 'critical' : share > 0.05 ? 'warning' : 'good',
    });
    const expected = metrics.length * (period.to - period.from);
    if (expected > 0) {
      const coverage = Math.min(1, covered / expected);
      items.push({
        label: 'Data coverage',
        value: percent(coverage),
        tone: coverage >= 0.9 ? 'good' : 'warning',
      });
    }
  }

  const worst = predictions[0];
  if (worst && worst.p7d > 0) {
    items.push({
      label: 'Highest 7-day failure risk',
      value: `${percent(worst.p7d)} (${worst.deviceId} ${worst.metric})`,
      tone: worst.p7d >= 0.7 ? 'critical' : worst.p7d >= 0.3 ? 'warning' : 'neutral',
    });
  }
  return items;
}
