import type { Alert, AlertRule } from '@dtwin/contracts/alerts';
import type { Dashboard } from '@dtwin/contracts/dashboard';
import type { Channel, Notification } from '@dtwin/contracts/notifications';
import type { Recommendation } from '@dtwin/contracts/recommendations';

const T0 = '2025-03-12T13:00:00.000Z';

export function makeAlert(overrides: Partial<Alert> & Pick<Alert, 'id'>): Alert {
  return {
    rule: 1,
    rule_name: 'High temperature',
    device_id: 'DEVICE_001',
    metric: 'temperature',
    severity: 'warning',
    state: 'active',
    value: 82.5,
    message: 'temperature 82.5 > 80 for 300 s',
    count: 3,
    group_id: null,
    started_at: T0,
    updated_at: T0,
    cleared_at: null,
    acknowledged_by: null,
    acknowledged_at: null,
    resolved_by: null,
    resolved_at: null,
    shelved_until: null,
    shelved_by: null,
    shelve_reason: null,
    escalated_at: null,
    ...overrides,
  };
}

export function makeRule(overrides: Partial<AlertRule> & Pick<AlertRule, 'id'>): AlertRule {
  return {
    name: 'High temperature',
    description: '',
    scope: { device_id: null, model: null },
    metric: 'temperature',
    operator: '>',
    threshold: 80,
    threshold_high: null,
    duration_s: 300,
    severity: 'warning',
    hysteresis: 2,
    cooldown_s: 60,
    enabled: true,
    channel_ids: [],
    builtin: false,
    shelved_until: null,
    shelved_by: null,
    shelve_reason: null,
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function makeChannel(overrides: Partial<Channel> & Pick<Channel, 'id' | 'type'>): Channel {
  return {
    name: `Channel ${overrides.id}`,
    min_severity: 'warning',
    enabled: true,
    email: null,
    has_secret: true,
    secret_hint: overrides.type === 'email' ? null : 'https://hooks.example.com',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function makeNotification(overrides: Partial<Notification> & Pick<Notification, 'id'>): Notification {
  return {
    alert_id: 7,
    channel_id: 1,
    channel_name: 'Night shift',
    channel_type: 'email',
    kind: 'raise',
    severity: 'critical',
    subject: '[critical] High temperature on DEVICE_001',
    status: 'sent',
    attempt: 1,
    error: null,
    scheduled_at: T0,
    attempted_at: T0,
    created_at: T0,
    ...overrides,
  };
}

export function makeRecommendation(
  overrides: Partial<Recommendation> & Pick<Recommendation, 'id'>,
): Recommendation {
  return {
    device_id: 'PUMP_001',
    key: `failure:vibration:${overrides.id}`,
    type: 'maintenance',
    title: 'Bearing wear on pump 1',
    action: 'Inspect and grease the drive-end bearing.',
    urgency: 0.8,
    impact: 0.7,
    feasibility: 0.9,
    cost_effectiveness: 0.6,
    risk_reduction: 0.7,
    score: 0.76,
    priority: 'high',
    timeframe: '7d',
    due_at: null,
    evidence: [
      { source: 'prediction', metric: 'vibration', detail: 'crosses 1.0 mm/s in about 5 days', value: 5 },
    ],
    status: 'open',
    created_at: T0,
    updated_at: T0,
    status_changed_at: null,
    status_changed_by: null,
    resolution: null,
    ...overrides,
  };
}

export function makeDashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    computed_at: new Date().toISOString(),
    health: {
      score: 87.4,
      devices_scored: 8,
      status_distribution: { excellent: 2, good: 4, warning: 1, critical: 1, failure: 0 },
    },
    devices: { total: 8, active: 8, online: 7, offline: 1, maintenance: 0 },
    condition_distribution: { normal: 6, warning: 1, critical: 1, maintenance: 0 },
    efficiency: { mean_pct: 81.25, devices: 3 },
    energy: { window_h: 24, kwh: 412.3, cost: 61.85, price_per_kwh: 0.15, devices: 4 },
    recommendations: { open: 5, critical: 1, high: 2 },
    recent_alerts: [
      {
        id: 3,
        device_id: 'DEVICE_003',
        severity: 'warning',
        state: 'active',
        title: 'High vibration',
        ts: T0,
      },
    ],
    performance: [
      { hour: '2025-03-12T11:00:00.000Z', health: 88, efficiency_pct: 80, energy_kwh: 17 },
      { hour: '2025-03-12T12:00:00.000Z', health: 87, efficiency_pct: 82, energy_kwh: 18.5 },
    ],
    ...overrides,
  };
}
