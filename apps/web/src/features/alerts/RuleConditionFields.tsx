import { ruleOperators } from '@dtwin/contracts/alerts';
import type { ReactNode } from 'react';
import { optionsOf, type SelectOption } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { FieldBinder } from '../../lib/use-form-fields';
import { formatDuration, operatorLabels } from './alert-labels';
import type { RuleFormValues } from './rule-form';

const operatorOptions = optionsOf(ruleOperators, operatorLabels);

interface RuleConditionFieldsProps {
  values: RuleFormValues;
  bind: FieldBinder<RuleFormValues>;
  /** Metric names to suggest for the chosen scope. */
  metrics: readonly string[];
  metricListId: string;
  /** A fixed choice instead (an asset's computed metrics), with what to say under it. */
  metricChoice?: { options: readonly SelectOption[]; hint: ReactNode };
}

/** When the rule fires: metric, operator, threshold(s), for how long; and how it clears. */
export function RuleConditionFields({
  values,
  bind,
  metrics,
  metricListId,
  metricChoice,
}: RuleConditionFieldsProps) {
  const outside = values.operator === 'outside';
  return (
    <fieldset className="form-section">
      <legend>Condition</legend>
      <div className="form-grid">
        {metricChoice ? (
          <SelectField
            label="Computed metric"
            name="metric"
            options={metricChoice.options}
            {...bind('metric')}
            hint={metricChoice.hint}
          />
        ) : (
          <>
            <TextField
              label="Metric"
              name="metric"
              maxLength={64}
              list={metricListId}
              autoCapitalize="none"
              spellCheck={false}
              placeholder="e.g. temperature"
              {...bind('metric')}
              hint="A metric the devices report, or a computed signal such as health_score."
            />
            <datalist id={metricListId}>
              {metrics.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </>
        )}
        <SelectField
          label="Fires when the value is"
          name="operator"
          options={operatorOptions}
          {...bind('operator')}
        />
        <TextField
          label={outside ? 'Low threshold' : 'Threshold'}
          name="threshold"
          maxLength={24}
          inputMode="decimal"
          {...bind('threshold')}
          hint={outside ? 'Fires below this…' : undefined}
        />
        {outside && (
          <TextField
            label="High threshold"
            name="threshold_high"
            maxLength={24}
            inputMode="decimal"
            {...bind('threshold_high')}
            hint="…or above this."
          />
        )}
        <TextField
          label="For at least (seconds)"
          name="duration_s"
          maxLength={8}
          inputMode="numeric"
          {...bind('duration_s')}
          hint={secondsHint(values.duration_s, 'How long the condition must hold; 0 fires at once.')}
        />
        <TextField
          label="Hysteresis"
          name="hysteresis"
          maxLength={24}
          inputMode="decimal"
          {...bind('hysteresis')}
          hint="How far back past the threshold the value must come before the alert clears."
        />
        <TextField
          label="Cool-down (seconds)"
          name="cooldown_s"
          maxLength={8}
          inputMode="numeric"
          {...bind('cooldown_s')}
          hint={secondsHint(
            values.cooldown_s,
            'A new occurrence this soon after clearing reopens the alert instead of raising another.',
          )}
        />
      </div>
    </fieldset>
  );
}

function secondsHint(text: string, fallback: string): string {
  const seconds = Number(text);
  return Number.isInteger(seconds) && seconds > 0 ? `= ${formatDuration(seconds)}. ${fallback}` : fallback;
}
