import type { DeviceHealth, HealthComponent } from '@dtwin/contracts/health';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import { describe, expect, it } from 'vitest';
import { builtinModels } from '../models/builtin-models';
import { detectProblems, type RuleInputs } from './recommendation-rules';
import { compositeScore, priorityOf } from './recommendation-score';

const NOW = Date.UTC(2026, 2, 3, 10);
const pump = builtinModels.find((m) => m.id === 'centrifugal_pump')!;
const component = (over: Partial<HealthComponent> = {}): HealthComponent => ({
  score: 100,
  weight: 0.2,
  applied_weight: 0.2,
  summary: 'fine',
  drivers: [],
  ...over,
});
const health = (over: Partial<DeviceHealth['components']> = {}): DeviceHealth => ({
  device_id: 'PUMP_1',
  score: 98,
  status: 'excellent',
  components: {
    performance: component(),
    reliability: component(),
    efficiency: component(),
    safety: component(),
    maintenance: component(),
    ...over,
  },
  trend: 'stable',
  trend_points_per_h: 0,
  computed_at: new Date(NOW).toISOString(),
  window: { from: new Date(NOW - 3_600_000).toISOString(), to: new Date(NOW).toISOString() },
  maintenance_mode: false,
});
const prediction = (over: Partial<MetricPrediction> = {}): MetricPrediction => ({
  metric: 'vibration',
  unit: 'mm/s',
  direction: 'high',
  current: 4.2,
  level: 4.3,
  limit: 7.1,
  slope_per_h: 1.4,
  rul_h: 1.6,
  rul_low_h: 1.3,
  rul_high_h: 2,
  failure_at: new Date(NOW + 1.6 * 3_600_000).toISOString(),
  failure_probability: { '24h': 1, '7d': 1, '30d': 1 },
  confidence: 1,
  model: 'exponential',
  evidence: {
    summary: 'vibration has been moving up…',
    lookback_h: 6,
    onset: null,
    points: 120,
    envelope_edge: 1.6,
    envelope_source: 'history',
    departure: 0.5,
    fit_evidence: 2,
    rate_per_h: 0.5,
  },
  computed_at: new Date(NOW).toISOString(),
  ...over,
});
const inputs = (over: Partial<RuleInputs> = {}): RuleInputs => ({
  now: NOW,
  device: { id: 'PUMP_1', name: 'Pump 1' },
  model: pump,
  health: health(),
  predictions: [],
  alerts: [],
  patterns: null,
  ...over,
});

describe('recommendation rules', () => {
  it('recommend nothing for a healthy device with quiet predictions', () => {
    expect(
      detectProblems(
        inputs({
          predictions: [
            prediction({
              rul_h: null,
              rul_low_h: null,
              rul_high_h: null,
              confidence: 0,
              failure_probability: { '24h': 0, '7d': 0, '30d': 0 },
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('turn a confident prediction into one emergency that names the metric, the limit and the times', () => {
    const [p, ...rest] = detectProblems(inputs({ predictions: [prediction()] }));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      key: 'failure:vibration',
      type: 'emergency',
      timeframe: 'immediate',
      metric: 'vibration',
    });
    expect(p?.action).toContain('vibration');
    expect(p?.action).toContain('7.10 mm/s');
    expect(p?.action).toContain('2026-03-03 11:18 UTC'); // before: now + 1.3 h
    expect(p?.action).toMatch(/bearings/);
    expect(priorityOf(compositeScore(p!))).toBe('critical');
  });

  it('grade the urgency by the probability of failing soon', () => {
    const later = detectProblems(
      inputs({
        predictions: [
          prediction({
            rul_h: 100,
            rul_low_h: 80,
            rul_high_h: 130,
            failure_probability: { '24h': 0, '7d': 0.6, '30d': 0.9 },
          }),
        ],
      }),
    )[0];
    expect(later).toMatchObject({ type: 'preventive', timeframe: '7d' });
    expect(later!.urgency).toBeCloseTo(0.45, 6);
    expect(priorityOf(compositeScore(later!))).toBe('high');
    const unlikely = detectProblems(
      inputs({
        predictions: [
          prediction({
            rul_h: 300,
            rul_low_h: 200,
            rul_high_h: 500,
            failure_probability: { '24h': 0, '7d': 0.1, '30d': 0.25 },
          }),
        ],
      }),
    )[0];
    expect(unlikely).toMatchObject({ type: 'preventive', timeframe: '30d' });
    expect(priorityOf(compositeScore(unlikely!))).toBe('medium');
  });

  it('ignore predictions that are not confident', () => {
    expect(detectProblems(inputs({ predictions: [prediction({ confidence: 0.3 })] }))).toEqual([]);
  });

  it('ask to bring back a metric that stays outside its normal range', () => {
    const problems = detectProblems(
      inputs({
        health: health({
          performance: component({
            score: 70,
            drivers: [
              {
                kind: 'level',
                metric: 'bearing_temperature',
                score: 70,
                value: 76,
                detail: 'bearing_temperature is 76.0 °C, above its normal range (30–70 °C)',
              },
            ],
          }),
          safety: component({
            score: 70,
            drivers: [
              {
                kind: 'exposure',
                metric: 'bearing_temperature',
                score: 70,
                value: 0.6,
                detail: 'bearing_temperature: 60 % of 60 min outside its normal range',
              },
            ],
          }),
        }),
      }),
    );
    expect(problems.map((p) => p.key)).toEqual(['range:bearing_temperature']);
    expect(problems[0]?.action).toContain('lubrication');
  });

  it('report missing data, overdue service and an alert on a metric nothing else covers', () => {
    const problems = detectProblems(
      inputs({
        health: health({
          reliability: component({
            score: 55,
            drivers: [
              {
                kind: 'data',
                metric: null,
                score: 55,
                value: 0.55,
                detail: 'received 55 % of the readings expected every 5 s over 60 min',
              },
            ],
          }),
          maintenance: component({
            score: 40,
            drivers: [
              {
                kind: 'service',
                metric: null,
                score: 40,
                value: 400,
                detail: 'last maintenance 400 days ago',
              },
            ],
          }),
        }),
        alerts: [
          {
            id: 7,
            metric: 'discharge_pressure',
            severity: 'critical',
            rule_name: 'Pressure',
            message: 'discharge_pressure 11 > 10',
          },
          {
            id: 8,
            metric: 'health_score',
            severity: 'warning',
            rule_name: 'Poor health',
            message: 'health 55',
          },
        ],
      }),
    );
    expect(problems.map((p) => p.key).sort()).toEqual([
      'alert:discharge_pressure',
      'data_gaps',
      'service_due',
    ]);
  });
});

describe('symptom grouping', () => {
  it('folds an efficiency drop that moves with the failing vibration into one recommendation', async () => {
    const { groupSymptoms } = await import('./symptom-grouping');
    const patterns = {
      device_id: 'PUMP_1',
      computed_at: new Date(NOW).toISOString(),
      window: { hourly_from: '', minute_from: '', to: '' },
      metrics: [],
      correlations: [{ a: 'vibration', b: 'efficiency', r: -0.97, n: 1440, strength: 'strong' as const }],
    };
    const eff = component({
      score: 60,
      drivers: [
        {
          kind: 'efficiency',
          metric: 'efficiency',
          score: 60,
          value: 62,
          detail: 'efficiency is 62.0 %, below its normal range (70–90 %)',
        },
      ],
    });
    const problems = detectProblems(
      inputs({ predictions: [prediction()], health: health({ efficiency: eff }), patterns }),
    );
    expect(problems.map((p) => p.key).sort()).toEqual(['efficiency', 'failure:vibration']);
    const grouped = groupSymptoms(problems, patterns, new Set(), NOW);
    expect(grouped.map((p) => p.key)).toEqual(['failure:vibration']);
    expect(
      grouped[0]?.evidence.some((e) => e.metric === 'efficiency' && e.detail.includes('same problem')),
    ).toBe(true);
  });
});

describe('symptom grouping of a fast fault', () => {
  it('folds two failures that began together, even without a correlation, behind the one that fails first', async () => {
    const { groupSymptoms } = await import('./symptom-grouping');
    const onset = new Date(NOW - 4 * 60_000).toISOString();
    const vib = prediction({ rul_h: 0.02, evidence: { ...prediction().evidence, onset } });
    const eff = prediction({
      metric: 'efficiency',
      unit: '%',
      direction: 'low',
      limit: 50,
      rul_h: 0.04,
      evidence: { ...prediction().evidence, onset },
    });
    const grouped = groupSymptoms(detectProblems(inputs({ predictions: [eff, vib] })), null, new Set(), NOW);
    expect(grouped.map((p) => p.key)).toEqual(['failure:vibration']);
    expect(grouped[0]?.absorbedKeys).toContain('failure:efficiency');
    const apart = prediction({
      metric: 'efficiency',
      unit: '%',
      direction: 'low',
      limit: 50,
      rul_h: 5,
      evidence: { ...prediction().evidence, onset: new Date(NOW - 30 * 3_600_000).toISOString() },
    });
    expect(
      groupSymptoms(detectProblems(inputs({ predictions: [apart, vib] })), null, new Set(), NOW),
    ).toHaveLength(2);
  });
});
