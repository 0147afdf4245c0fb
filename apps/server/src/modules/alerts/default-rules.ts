import type { CreateAlertRuleBody } from '@dtwin/contracts/alerts';

type DefaultRule = Omit<CreateAlertRuleBody, 'enabled' | 'channel_ids' | 'threshold_high' | 'description'> & {
  description: string;
};

/**
 * The rules every installation starts with, installed once by key (a deleted one stays
 * deleted). The first four are the original system's; it only had single-sensor devices, so
 * the vibration rule is scoped to the vibration sensor: a pump or motor runs at 0.5–2.8 mm/s
 * when healthy (ISO 10816) and would be in alarm all the time. The others watch the derived
 * signals the analytics feed in through `evaluate(deviceId, signal, value, ts)`.
 */
export const defaultRules: Array<{ key: string; rule: DefaultRule }> = [
  {
    key: 'temperature-warning',
    rule: {
      name: 'High temperature',
      description: 'Temperature above 80 °C for 5 minutes (original system).',
      scope: {},
      metric: 'temperature',
      operator: '>',
      threshold: 80,
      duration_s: 300,
      severity: 'warning',
      hysteresis: 2,
      cooldown_s: 300,
    },
  },
  {
    key: 'temperature-critical',
    rule: {
      name: 'Critical temperature',
      description: 'Temperature above 95 °C for 1 minute (original system).',
      scope: {},
      metric: 'temperature',
      operator: '>',
      threshold: 95,
      duration_s: 60,
      severity: 'critical',
      hysteresis: 2,
      cooldown_s: 300,
    },
  },
  {
    key: 'vibration-warning',
    rule: {
      name: 'High vibration',
      description: 'Vibration above 0.5 mm/s for 3 minutes on vibration sensors (original system).',
      scope: { model: 'vibration_sensor' },
      metric: 'vibration',
      operator: '>',
      threshold: 0.5,
      duration_s: 180,
      severity: 'warning',
      hysteresis: 0.05,
      cooldown_s: 300,
    },
  },
  {
    key: 'efficiency-info',
    rule: {
      name: 'Low efficiency',
      description: 'Efficiency below 70 % for 10 minutes (original system).',
      scope: {},
      metric: 'efficiency',
      operator: '<',
      threshold: 70,
      duration_s: 600,
      severity: 'info',
      hysteresis: 2,
      cooldown_s: 600,
    },
  },
  {
    key: 'anomaly',
    rule: {
      name: 'Anomalous behaviour',
      description: 'The device-level anomaly score is above 0.8; it clears below 0.6.',
      scope: {},
      metric: 'anomaly_score',
      operator: '>',
      threshold: 0.8,
      duration_s: 0,
      severity: 'warning',
      hysteresis: 0.2,
      cooldown_s: 600,
    },
  },
  {
    key: 'health-warning',
    rule: {
      name: 'Poor health',
      description: 'The health score is 60 or less; it clears above 65.',
      scope: {},
      metric: 'health_score',
      operator: '<=',
      threshold: 60,
      duration_s: 0,
      severity: 'warning',
      hysteresis: 5,
      cooldown_s: 600,
    },
  },
  {
    key: 'health-critical',
    rule: {
      name: 'Critical health',
      description: 'The health score is 30 or less; it clears above 35.',
      scope: {},
      metric: 'health_score',
      operator: '<=',
      threshold: 30,
      duration_s: 0,
      severity: 'critical',
      hysteresis: 5,
      cooldown_s: 600,
    },
  },
  {
    key: 'failure-probability',
    rule: {
      name: 'Failure likely',
      description: 'The predicted failure probability is 0.7 or more; it clears below 0.6.',
      scope: {},
      metric: 'failure_probability',
      operator: '>=',
      threshold: 0.7,
      duration_s: 0,
      severity: 'critical',
      hysteresis: 0.1,
      cooldown_s: 600,
    },
  },
  {
    key: 'offline',
    rule: {
      name: 'Device offline',
      description: 'The device missed three reporting intervals.',
      scope: {},
      metric: 'offline',
      operator: '==',
      threshold: 1,
      duration_s: 0,
      severity: 'warning',
      hysteresis: 0,
      cooldown_s: 0,
    },
  },
];
