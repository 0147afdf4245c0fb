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

/** The alert's message: rule, device, the value that raised it and the condition. */
export function alertMessage(
  rule: RuleCondition & { name: string; metric: string; duration_s: number },
  deviceId: string,
  value: number,
): string {
  const held = rule.duration_s > 0 ? ` for ${rule.duration_s} s` : '';
  return `${rule.name}: ${rule.metric} ${number(value)} on ${deviceId} (${describeCondition(rule)}${held})`;
}
