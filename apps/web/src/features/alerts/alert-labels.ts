import type { AlertState, RuleOperator, Severity } from '@dtwin/contracts/alerts';
import type { BadgeTone } from '../../components/Badge';

export const severityLabels: Record<Severity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

export const severityTones: Record<Severity, BadgeTone> = {
  info: 'info',
  warning: 'warning',
  critical: 'danger',
};

export const stateLabels: Record<AlertState, string> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  shelved: 'Shelved',
  cleared: 'Cleared',
  resolved: 'Resolved',
};

export const stateTones: Record<AlertState, BadgeTone> = {
  active: 'danger',
  acknowledged: 'warning',
  shelved: 'neutral',
  cleared: 'success',
  resolved: 'success',
};

/** Open alerts still need someone; closed ones are history. */
export const openStates: readonly AlertState[] = ['active', 'acknowledged', 'shelved'];

export function isOpen(state: AlertState): boolean {
  return openStates.includes(state);
}

export const operatorLabels: Record<RuleOperator, string> = {
  '>': 'above (>)',
  '>=': 'at or above (≥)',
  '<': 'below (<)',
  '<=': 'at or below (≤)',
  '==': 'equal to (=)',
  '!=': 'not equal to (≠)',
  outside: 'outside the range',
};

/** "temperature > 80 for 5 min", "vibration outside 0.1–0.3". */
export function describeCondition(rule: {
  metric: string;
  operator: RuleOperator;
  threshold: number;
  threshold_high: number | null;
  duration_s: number;
}): string {
  const symbol: Record<RuleOperator, string> = {
    '>': '>',
    '>=': '≥',
    '<': '<',
    '<=': '≤',
    '==': '=',
    '!=': '≠',
    outside: 'outside',
  };
  const bound =
    rule.operator === 'outside' ? `${rule.threshold}–${rule.threshold_high ?? '?'}` : String(rule.threshold);
  const hold = rule.duration_s > 0 ? ` for ${formatDuration(rule.duration_s)}` : '';
  return `${rule.metric} ${symbol[rule.operator]} ${bound}${hold}`;
}

/** 45 → "45 s", 300 → "5 min", 5400 → "1 h 30 min", 172800 → "2 d". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [
    days && `${days} d`,
    hours && `${hours} h`,
    minutes && `${minutes} min`,
    rest && !days && !hours && `${rest} s`,
  ];
  return parts.filter(Boolean).join(' ');
}

const valueFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** A reading for people: at most three decimals. */
export function formatValue(value: number): string {
  return valueFormat.format(value);
}
