import {
  createAlertRuleBodySchema,
  type AlertRule,
  type CreateAlertRuleBody,
  type RuleOperator,
  type Severity,
} from '@dtwin/contracts/alerts';
import { isApiError } from '../../lib/http';
import { sentence, type FieldErrors } from '../../lib/form-errors';

/** `asset`: the rule watches one of an asset's computed metrics instead of devices. */
export type ScopeKind = 'all' | 'model' | 'device' | 'asset';

/** What the rule form edits: numbers as typed, so a half-typed value is not lost. */
export interface RuleFormValues {
  name: string;
  description: string;
  scopeKind: ScopeKind;
  model: string;
  device: string;
  asset: string;
  metric: string;
  operator: RuleOperator;
  threshold: string;
  threshold_high: string;
  duration_s: string;
  severity: Severity;
  hysteresis: string;
  cooldown_s: string;
  enabled: boolean;
  channel_ids: readonly number[];
}

/** The form's field names, as error keys: `scope.model` and `scope.device_id` sit by their inputs. */
export const ruleFields = [
  'name',
  'description',
  'scope',
  'scope.model',
  'scope.device_id',
  'scope.asset_id',
  'metric',
  'operator',
  'threshold',
  'threshold_high',
  'duration_s',
  'severity',
  'hysteresis',
  'cooldown_s',
  'enabled',
  'channel_ids',
] as const;

export const emptyRule: RuleFormValues = {
  name: '',
  description: '',
  scopeKind: 'all',
  model: '',
  device: '',
  asset: '',
  metric: '',
  operator: '>',
  threshold: '',
  threshold_high: '',
  duration_s: '0',
  severity: 'warning',
  hysteresis: '0',
  cooldown_s: '60',
  enabled: true,
  channel_ids: [],
};

export function valuesFromRule(rule: AlertRule): RuleFormValues {
  return {
    name: rule.name,
    description: rule.description,
    scopeKind: rule.scope.asset_id
      ? 'asset'
      : rule.scope.device_id
        ? 'device'
        : rule.scope.model
          ? 'model'
          : 'all',
    model: rule.scope.model ?? '',
    device: rule.scope.device_id ?? '',
    asset: rule.scope.asset_id ?? '',
    metric: rule.metric,
    operator: rule.operator,
    threshold: String(rule.threshold),
    threshold_high: rule.threshold_high === null ? '' : String(rule.threshold_high),
    duration_s: String(rule.duration_s),
    severity: rule.severity,
    hysteresis: String(rule.hysteresis),
    cooldown_s: String(rule.cooldown_s),
    enabled: rule.enabled,
    channel_ids: rule.channel_ids,
  };
}

const numberFields = ['threshold', 'threshold_high', 'duration_s', 'hysteresis', 'cooldown_s'] as const;

/** Checks the values against the contract; the body to send, or what is wrong, field by field. */
export function ruleBodyFromValues(
  values: RuleFormValues,
): { ok: true; body: CreateAlertRuleBody } | { ok: false; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const numbers: Partial<Record<(typeof numberFields)[number], number>> = {};
  for (const field of numberFields) {
    const text = values[field].trim();
    if (field === 'threshold_high' && values.operator !== 'outside') continue;
    const value = text === '' ? NaN : Number(text);
    if (!Number.isFinite(value)) errors[field] = 'Enter a number.';
    else numbers[field] = value;
  }
  if (values.scopeKind === 'model' && !values.model) errors['scope.model'] = 'Choose a device model.';
  if (values.scopeKind === 'device' && !values.device.trim())
    errors['scope.device_id'] = 'Enter a device id.';
  if (values.scopeKind === 'asset') {
    if (!values.asset) errors['scope.asset_id'] = 'Choose an asset.';
    else if (!values.metric.trim()) errors.metric = "Choose one of the asset's computed metrics.";
  }

  const parsed = createAlertRuleBodySchema.safeParse({
    name: values.name,
    description: values.description,
    scope: {
      model: values.scopeKind === 'model' ? values.model : null,
      device_id: values.scopeKind === 'device' ? values.device.trim() : null,
      asset_id: values.scopeKind === 'asset' ? values.asset : null,
    },
    metric: values.metric.trim(),
    operator: values.operator,
    threshold: numbers.threshold ?? 0,
    threshold_high: values.operator === 'outside' ? (numbers.threshold_high ?? null) : null,
    duration_s: numbers.duration_s ?? 0,
    severity: values.severity,
    hysteresis: numbers.hysteresis ?? 0,
    cooldown_s: numbers.cooldown_s ?? 0,
    enabled: values.enabled,
    channel_ids: [...values.channel_ids],
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path.map(String));
      errors[key] ??= sentence(issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, body: parsed.data };
}

/** `scope.device_id` stays as it is; `channel_ids.2` belongs to `channel_ids`. */
export function fieldKey(path: readonly string[]): string {
  return path.filter((part) => !/^\d+$/.test(part)).join('.') || '';
}

/** A 400's `fields`, keyed like the form. */
export function ruleErrorsFromServer(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const errors: Record<string, string> = {};
  for (const [field, reason] of Object.entries(error.fields)) {
    errors[fieldKey(field.split('.'))] ??= sentence(reason);
  }
  return errors;
}
