import { ruleOperators, type RuleOperator } from '@dtwin/contracts/alerts';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/form-errors';
import { formatDuration, operatorLabels } from './alert-labels';
import type { RuleFormValues } from './rule-form';

const operatorOptions = ruleOperators.map((o) => ({ value: o, label: operatorLabels[o] }));

interface RuleConditionFieldsProps {
  values: RuleFormValues;
  errors: FieldErrors;
  /** Metric names to suggest for the chosen scope. */
  metrics: readonly string[];
  metricListId: string;
  onChange: <K extends keyof RuleFormValues>(field: K, value: RuleFormValues[K]) => void;
}

/** When the rule fires: metric, operator, threshold(s), for how long; and how it clears. */
export function RuleConditionFields({
  values,
  errors,
  metrics,
  metricListId,
  onChange,
}: RuleConditionFieldsProps) {
  const outside = values.operator === 'outside';
  return (
    <fieldset className="form-section">
      <legend>Condition</legend>
      <div className="form-grid">
        <TextField
          label="Metric"
          name="metric"
          list={metricListId}
          autoCapitalize="none"
          spellCheck={false}
          placeholder="e.g. temperature"
          value={values.metric}
          onChange={(e) => onChange('metric', e.target.value)}
          hint="A metric the devices report, or a computed signal such as health_score."
          error={errors.metric}
        />
        <datalist id={metricListId}>
          {metrics.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <SelectField
          label="Fires when the value is"
          name="operator"
          options={operatorOptions}
          value={values.operator}
          onChange={(e) => onChange('operator', e.target.value as RuleOperator)}
          error={errors.operator}
        />
        <TextField
          label={outside ? 'Low threshold' : 'Threshold'}
          name="threshold"
          inputMode="decimal"
          value={values.threshold}
          onChange={(e) => onChange('threshold', e.target.value)}
          hint={outside ? 'Fires below this…' : undefined}
          error={errors.threshold}
        />
        {outside && (
          <TextField
            label="High threshold"
            name="threshold_high"
            inputMode="decimal"
            value={values.threshold_high}
            onChange={(e) => onChange('threshold_high', e.target.value)}
            hint="…or above this."
            error={errors.threshold_high}
          />
        )}
        <TextField
          label="For at least (seconds)"
          name="duration_s"
          inputMode="numeric"
          value={values.duration_s}
          onChange={(e) => onChange('duration_s', e.target.value)}
          hint={secondsHint(values.duration_s, 'How long the condition must hold; 0 fires at once.')}
          error={errors.duration_s}
        />
        <TextField
          label="Hysteresis"
          name="hysteresis"
          inputMode="decimal"
          value={values.hysteresis}
          onChange={(e) => onChange('hysteresis', e.target.value)}
          hint="How far back past the threshold the value must come before the alert clears."
          error={errors.hysteresis}
        />
        <TextField
          label="Cool-down (seconds)"
          name="cooldown_s"
          inputMode="numeric"
          value={values.cooldown_s}
          onChange={(e) => onChange('cooldown_s', e.target.value)}
          hint={secondsHint(
            values.cooldown_s,
            'A new occurrence this soon after clearing reopens the alert instead of raising another.',
          )}
          error={errors.cooldown_s}
        />
      </div>
    </fieldset>
  );
}

function secondsHint(text: string, fallback: string): string {
  const seconds = Number(text);
  return Number.isInteger(seconds) && seconds > 0 ? `= ${formatDuration(seconds)}. ${fallback}` : fallback;
}
