import type { RuleOperator } from '@dtwin/contracts/alerts';

/** What a rule compares a value with. */
export interface RuleCondition {
  operator: RuleOperator;
  threshold: number;
  /** Upper bound of an `outside` rule. */
  threshold_high: number | null;
  hysteresis: number;
}

/** Whether the value meets the rule's condition (the alert should be on). */
export function violates(c: RuleCondition, value: number): boolean {
  switch (c.operator) {
    case '>':
      return value > c.threshold;
    case '>=':
      return value >= c.threshold;
    case '<':
      return value < c.threshold;
    case '<=':
      return value <= c.threshold;
    case '==':
      return value === c.threshold;
    case '!=':
      return value !== c.threshold;
    case 'outside':
      return value < c.threshold || value > (c.threshold_high ?? c.threshold);
  }
}

/**
 * Whether an open alert may clear: the value is back past the threshold by the hysteresis
 * (`> 80` with hysteresis 2 clears at 78 or below). Between the two it stays as it is, so a
 * value wandering around the threshold does not switch the alert on and off.
 */
export function recovered(c: RuleCondition, value: number): boolean {
  const h = c.hysteresis;
  switch (c.operator) {
    case '>':
      return value <= c.threshold - h;
    case '>=':
      return value < c.threshold - h;
    case '<':
      return value >= c.threshold + h;
    case '<=':
      return value > c.threshold + h;
    case '==':
      return Math.abs(value - c.threshold) > h;
    case '!=':
      return Math.abs(value - c.threshold) <= h;
    case 'outside':
      return value >= c.threshold + h && value <= (c.threshold_high ?? c.threshold) - h;
  }
}

const number = (v: number) => String(Math.round(v * 1e6) / 1e6);

/** `> 80`, `outside 10…20`: the condition as people write it. */
export function describeCondition(c: RuleCondition): string {
  return c.operator === 'outside'
    ? `outside ${number(c.threshold)}…${number(c.threshold_high ?? c.threshold)}`
    : `${c.operator} ${number(c.threshold)}`;
}

/** What the message names: the device by its name, the metric by its label and unit. */
export interface MessageSubject {
  deviceName: string;
  label: string;
  unit: string;
}

/** A reading as people read it: 7.4, 48.8, 0.15, 1250. */
export function roundForPeople(v: number): string {
  const abs = Math.abs(v);
  const decimals = abs >= 100 ? 0 : abs >= 1 ? 1 : 2;
  return String(Number(v.toFixed(decimals)));
}

const words: Record<RuleCondition['operator'], string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
  '==': 'equal to',
  '!=': 'not equal to',
  outside: 'outside',
};

function duration(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${Math.round((s / 3600) * 10) / 10} h`;
}

/** A metric name made readable when the model does not label it (derived signals): `anomaly_score` → `Anomaly score`. */
export const labelOf = (metric: string) => {
  const words = metric.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "Vibration 7.4 mm/s on Pump P-101 is above 7.1 mm/s for 3 min". */
export function alertMessage(
  rule: RuleCondition & { duration_s: number },
  subject: MessageSubject,
  value: number,
): string {
  const unit = subject.unit ? ` ${subject.unit}` : '';
  const limit =
    rule.operator === 'outside'
      ? `${number(rule.threshold)}–${number(rule.threshold_high ?? rule.threshold)}${unit}`
      : `${number(rule.threshold)}${unit}`;
  const held = rule.duration_s > 0 ? ` for ${duration(rule.duration_s)}` : '';
  return `${subject.label} ${roundForPeople(value)}${unit} on ${subject.deviceName} is ${words[rule.operator]} ${limit}${held}`;
}
