import { describe, expect, it } from 'vitest';
import type { Problem } from './recommendation-rules';
import { groupSymptoms } from './symptom-grouping';

const NOW = Date.UTC(2026, 2, 3, 10);
const range = (metric: string, urgency: number, outsideMin: number): Problem => ({
  key: `range:${metric}`,
  metric,
  type: 'operational',
  title: `${metric} is outside its normal range`,
  action: '…',
  urgency,
  impact: 0.6,
  feasibility: 0.9,
  costEffectiveness: 0.8,
  riskReduction: 0.6,
  timeframe: '24h',
  dueAt: null,
  evidence: [],
  outsideMin,
  absorbedKeys: [`failure:${metric}`, `alert:${metric}`],
});

describe('grouping out-of-range metrics', () => {
  it('makes one problem of metrics that left their ranges together, led by the most urgent', () => {
    const grouped = groupSymptoms(
      [range('power', 0.5, 12), range('motor_current', 0.7, 14), range('flow', 0.4, 50)],
      null,
      new Set(),
      NOW,
    );
    expect(grouped.map((p) => p.key)).toEqual(['range:motor_current', 'range:flow']);
    expect(grouped[0]?.absorbedKeys).toContain('range:power');
    expect(grouped[0]?.evidence[0]?.detail).toContain('left its range when motor_current did');
  });

  it('keeps apart metrics that neither move together nor left together', () => {
    expect(
      groupSymptoms([range('power', 0.5, 5), range('flow', 0.4, 50)], null, new Set(), NOW),
    ).toHaveLength(2);
  });
});
