import { derivedSignals, severities, type CreateAlertRuleBody, type Severity } from '@dtwin/contracts/alerts';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { unplacedFieldErrors, type FieldErrors } from '../../lib/form-errors';
import { severityLabels } from './alert-labels';
import type { RuleChoices } from './alert-rules-api';
import { RuleChannelsField } from './RuleChannelsField';
import { RuleConditionFields } from './RuleConditionFields';
import {
  ruleBodyFromValues,
  ruleErrorsFromServer,
  ruleFields,
  type RuleFormValues,
  type ScopeKind,
} from './rule-form';

const scopeOptions = [
  { value: 'all', label: 'All devices' },
  { value: 'model', label: 'Every device of one model' },
  { value: 'device', label: 'One device' },
];
const severityOptions = severities.map((s) => ({ value: s, label: severityLabels[s] }));

interface RuleFormProps {
  title: string;
  submitLabel: string;
  initial: RuleFormValues;
  choices: RuleChoices | undefined;
  /** Saves the rule; rejects with the server's error, whose field problems are shown by the fields. */
  onSubmit: (body: CreateAlertRuleBody) => Promise<void>;
  onCancel: () => void;
}

export function RuleForm({ title, submitLabel, initial, choices, onSubmit, onCancel }: RuleFormProps) {
  const ids = useId();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  function change<K extends keyof RuleFormValues>(field: K, value: RuleFormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    const key = field === 'model' ? 'scope.model' : field === 'device' ? 'scope.device_id' : field;
    setErrors(({ [key]: _old, ...rest }) => rest);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const checked = ruleBodyFromValues(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setSubmitting(true);
    try {
      await onSubmit(checked.body);
    } catch (err) {
      setError(err);
      setErrors(ruleErrorsFromServer(err));
      setSubmitting(false);
    }
  }

  const models = choices?.models ?? [];
  const scopeModel =
    values.scopeKind === 'model'
      ? values.model
      : values.scopeKind === 'device'
        ? choices?.devices.find((d) => d.id === values.device.trim())?.model
        : undefined;
  const metrics = [
    ...new Set(
      models.filter((m) => !scopeModel || m.id === scopeModel).flatMap((m) => m.metrics.map((x) => x.name)),
    ),
  ]
    .sort()
    .concat(derivedSignals);

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel__title" id={`${ids}-title`}>
        {title}
      </h2>
      {error !== null && (
        <ErrorBanner
          title="The rule was not saved"
          error={error}
          details={unplacedFieldErrors(errors, ruleFields)}
        />
      )}
      <form onSubmit={handleSubmit} noValidate className="stack">
        <div className="form-grid">
          <TextField
            label="Name"
            name="name"
            autoFocus
            maxLength={120}
            value={values.name}
            onChange={(e) => change('name', e.target.value)}
            error={errors.name}
          />
          <SelectField
            label="Severity"
            name="severity"
            options={severityOptions}
            value={values.severity}
            onChange={(e) => change('severity', e.target.value as Severity)}
            error={errors.severity}
          />
          <SelectField
            label="Applies to"
            name="scope"
            options={scopeOptions}
            value={values.scopeKind}
            onChange={(e) => change('scopeKind', e.target.value as ScopeKind)}
            error={errors.scope}
          />
          {values.scopeKind === 'model' && (
            <SelectField
              label="Device model"
              name="model"
              options={[
                { value: '', label: 'Choose a model' },
                ...models.map((m) => ({ value: m.id, label: m.name })),
              ]}
              value={values.model}
              onChange={(e) => change('model', e.target.value)}
              error={errors['scope.model']}
            />
          )}
          {values.scopeKind === 'device' && (
            <>
              <TextField
                label="Device"
                name="device"
                list={`${ids}-devices`}
                autoCapitalize="none"
                spellCheck={false}
                placeholder="e.g. DEVICE_001"
                value={values.device}
                onChange={(e) => change('device', e.target.value)}
                error={errors['scope.device_id']}
              />
              <datalist id={`${ids}-devices`}>
                {choices?.devices.map((d) => (
                  <option key={d.id} value={d.id} label={d.name} />
                ))}
              </datalist>
            </>
          )}
        </div>
        <TextField
          label="Description"
          name="description"
          optional
          maxLength={1000}
          value={values.description}
          onChange={(e) => change('description', e.target.value)}
          hint="What it means and what to do; shown with the alert."
          error={errors.description}
        />
        <RuleConditionFields
          values={values}
          errors={errors}
          metrics={metrics}
          metricListId={`${ids}-metrics`}
          onChange={change}
        />
        <RuleChannelsField
          channels={choices?.channels}
          selected={values.channel_ids}
          error={errors.channel_ids}
          onChange={(selected) => change('channel_ids', selected)}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            name="enabled"
            checked={values.enabled}
            onChange={(e) => change('enabled', e.target.checked)}
          />
          Enabled: evaluate this rule on incoming readings
        </label>
        <div className="form-actions">
          <Button onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submitting}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </section>
  );
}
