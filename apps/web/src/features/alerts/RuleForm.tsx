import { derivedSignals, severities, type CreateAlertRuleBody } from '@dtwin/contracts/alerts';
import { useId } from 'react';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormFields } from '../../lib/use-form-fields';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { listComputedMetrics } from '../assets/computed-metrics-api';
import { AssetSelect, useAssets } from '../assets/AssetSelect';
import { severityLabels } from './alert-labels';
import type { RuleChoices } from './alert-rules-api';
import { RuleChannelsField } from './RuleChannelsField';
import { RuleConditionFields } from './RuleConditionFields';
import { useAssetMetricOptions } from './use-asset-metric-options';
import { ruleBodyFromValues, ruleErrorsFromServer, ruleFields, type RuleFormValues } from './rule-form';

const scopeOptions = [
  { value: 'all', label: 'All devices' },
  { value: 'model', label: 'Every device of one model' },
  { value: 'device', label: 'One device' },
  { value: 'asset', label: 'A computed metric of an asset' },
];
const severityOptions = optionsOf(severities, severityLabels);

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
  const form = useFormFields(initial, {
    // The scope's model and device are reported as `scope.model` and `scope.device_id`.
    errorKeys: { model: 'scope.model', device: 'scope.device_id', asset: 'scope.asset_id' },
    validate: ruleBodyFromValues,
    send: onSubmit,
    serverErrors: ruleErrorsFromServer,
  });
  const { values, errors, bind } = form;
  const onAsset = values.scopeKind === 'asset';
  const assets = useAssets();
  const assetMetrics = useAssetMetricOptions(onAsset ? values.asset : '', values.metric);

  const models = choices?.models ?? [];
  const scopeDevice =
    values.scopeKind === 'device' ? choices?.devices.find((d) => d.id === values.device.trim()) : undefined;
  const scopeModel = values.scopeKind === 'model' ? values.model : scopeDevice?.model;
  const computed = useDeviceComputedMetrics(scopeDevice?.id);
  const metrics = [
    ...new Set([
      ...models
        .filter((m) => !scopeModel || m.id === scopeModel)
        .flatMap((m) => m.metrics.map((x) => x.name)),
      ...computed,
    ]),
  ]
    .sort()
    .concat(derivedSignals);

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel__title" id={`${ids}-title`}>
        {title}
      </h2>
      <FormError form={form} title="The rule was not saved" fields={ruleFields} />
      <form onSubmit={form.handleSubmit} noValidate className="stack">
        <div className="form-grid">
          <TextField label="Name" name="name" autoFocus maxLength={120} {...bind('name')} />
          <SelectField label="Severity" name="severity" options={severityOptions} {...bind('severity')} />
          <SelectField
            label="Applies to"
            name="scope"
            options={scopeOptions}
            {...bind('scopeKind')}
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
              {...bind('model')}
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
                {...bind('device')}
              />
              <datalist id={`${ids}-devices`}>
                {choices?.devices.map((d) => (
                  <option key={d.id} value={d.id} label={d.name} />
                ))}
              </datalist>
            </>
          )}
          {onAsset && (
            <AssetSelect
              label="Asset"
              name="asset"
              assets={assets.data}
              none="Choose an asset"
              failed={assets.error !== null}
              {...bind('asset')}
            />
          )}
        </div>
        <TextField
          label="Description"
          name="description"
          optional
          maxLength={1000}
          {...bind('description')}
          hint="What it means and what to do; shown with the alert."
        />
        <RuleConditionFields
          values={values}
          bind={bind}
          metrics={metrics}
          metricListId={`${ids}-metrics`}
          {...(onAsset ? { metricChoice: assetMetrics } : {})}
        />
        <RuleChannelsField
          channels={choices?.channels}
          selected={values.channel_ids}
          error={errors.channel_ids}
          onChange={(selected) => form.set('channel_ids', selected)}
        />
        <label className="checkbox">
          <input type="checkbox" name="enabled" {...form.bindCheckbox('enabled')} />
          Enabled: evaluate this rule on incoming readings
        </label>
        <FormActions submitLabel={submitLabel} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </section>
  );
}

/** The computed metrics of the rule's device, suggested with its model's metrics (none until known). */
function useDeviceComputedMetrics(deviceId: string | undefined): string[] {
  const http = useHttp();
  const query = useQuery(['rule-computed-metrics', deviceId ?? null], async (signal) =>
    deviceId
      ? (await listComputedMetrics(http, { kind: 'device', id: deviceId }, signal)).map((m) => m.name)
      : [],
  );
  return query.data ?? [];
}
