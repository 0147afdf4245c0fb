import type { AnalyticsModel } from '../../analytics/analytics-model';
import type { PatternsService } from './patterns.service';

/**
 * Patterns as an analytics model: computed on request and kept for a few minutes (they move on
 * the scale of hours), so it listens to nothing and has no due work; it forgets deleted devices.
 */
export function patternsAnalytics({ patterns }: { patterns: PatternsService }): AnalyticsModel {
  return {
    name: 'patterns',
    signals: [],
    listen: () => [],
    recompute: (deviceId) => patterns.get(deviceId, { fresh: true }),
    due: [],
    forget: patterns.forget,
  };
}
